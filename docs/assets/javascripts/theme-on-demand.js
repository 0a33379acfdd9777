// The theme's script (34 KB gzipped, half of a page's first load) loads at the reader's first
// scroll, touch, click, key, focus or mouse movement, not with the page.
//
// Until then the page is whole without it: links, the navigation drawer, details and wide
// tables work in plain HTML and CSS; the colour scheme is set before the first paint
// (overrides/partials/javascripts/palette.html); a citation is a link to its reference; and the
// search box is shown (overrides/main.html swaps the theme's no-js class for js theme-pending
// in <head>; site.css keeps the sidebars as the theme lays them out without script).
// The theme's <script> tag stays in the page, made inert (type="text/plain", its src as
// data-src; overrides/main.html); this loads that src.
//
// The move that starts the load comes before the theme listens, so what it would have done at
// once is done here, or held and handed to it when it runs:
// - s, f or / and a tap on the search icon open search and put the cursor in the search box
//   here, so the words typed next land there (search-on-demand.js then loads the index);
// - n and p (the next and previous page) and a click on the palette toggle wait for the theme;
// - the element with focus and the elements under the pointer are told again (tooltips);
// - a table scrolled sideways stays where the reader scrolled it.
(function () {
  "use strict";

  var inert = document.querySelector('script[type="text/plain"][data-theme-on-demand]');
  var toggle = document.getElementById("__search");
  var query = document.querySelector('input[name="query"]');
  if (!inert) return;
  var searchable = toggle !== null && query !== null; // search may be turned off
  var MOVES = ["scroll", "wheel", "touchstart", "pointerdown", "pointermove", "mouseover", "keydown", "focusin"];
  var SEARCH_KEYS = ["f", "s", "/"];
  var HELD_KEYS = ["n", ".", "p", ","];
  var HELD_CLICKS = '[data-md-component="palette"] label';
  var state = "waiting"; // then "loading", then "ready"
  var heldKey = null;
  var heldClick = null;

  function editable(target) {
    return target instanceof HTMLElement &&
      (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName));
  }

  function openSearch() {
    toggle.checked = true;
    query.focus();
    query.select();
  }

  function replay() {
    // The theme wraps each wide table in a frame of its own, which would put back at its start
    // a table the reader's first move was scrolling sideways: the frame takes up where it was.
    var scrolled = Array.prototype.filter.call(document.querySelectorAll("table"), function (table) {
      return table.scrollLeft > 0;
    }).map(function (table) { return [table, table.scrollLeft]; });
    document.documentElement.classList.remove("theme-pending");
    // The theme waits for DOMContentLoaded before it starts; the page's has long passed.
    document.dispatchEvent(new Event("DOMContentLoaded"));
    scrolled.forEach(function (pair) {
      (pair[0].closest(".md-typeset__scrollwrap") || pair[0]).scrollLeft = pair[1];
    });
    var active = document.activeElement;
    if (active && active !== document.body) {
      active.dispatchEvent(new FocusEvent("focus"));
      active.dispatchEvent(new FocusEvent("focusin", { bubbles: true }));
    }
    document.querySelectorAll(":hover").forEach(function (element) {
      element.dispatchEvent(new MouseEvent("mouseenter"));
    });
    if (heldClick) heldClick.click();
    if (heldKey) {
      heldKey.target.dispatchEvent(new KeyboardEvent("keydown", {
        key: heldKey.key, code: heldKey.code, bubbles: true, cancelable: true
      }));
    }
    heldKey = heldClick = null;
  }

  function load() {
    if (state !== "waiting") return;
    state = "loading";
    MOVES.forEach(function (type) { removeEventListener(type, load, true); });
    var script = document.createElement("script");
    script.src = new URL(inert.getAttribute("data-src"), document.baseURI).href;
    script.onload = function () {
      state = "ready";
      replay();
    };
    document.body.appendChild(script);
  }

  MOVES.forEach(function (type) { addEventListener(type, load, { capture: true, passive: true }); });

  addEventListener("keydown", function (event) {
    if (state === "ready" || event.ctrlKey || event.metaKey || event.altKey || editable(event.target)) return;
    var search = searchable && SEARCH_KEYS.indexOf(event.key) !== -1;
    if (!search && HELD_KEYS.indexOf(event.key) === -1) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    if (search) openSearch();
    else heldKey = { key: event.key, code: event.code, target: event.target };
  }, true);
  addEventListener("click", function (event) {
    if (state === "ready" || !(event.target instanceof Element)) return;
    var control = event.target.closest(HELD_CLICKS);
    if (!control) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    heldClick = control;
  }, true);
  // The search icon (phones) and the search box itself open search as the theme would.
  if (searchable) {
    toggle.addEventListener("change", function () {
      if (state !== "ready" && toggle.checked) query.focus();
    });
    query.addEventListener("focus", function () {
      if (state !== "ready") toggle.checked = true;
    });
  }

  // Printing needs no script, but the theme opens every closed <details> for paper; before it
  // has loaded, do the same here, and close them again afterwards.
  var opened = [];
  addEventListener("beforeprint", function () {
    if (state === "ready") return;
    opened = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"), function (details) {
      details.open = true;
      return true;
    });
  });
  addEventListener("afterprint", function () {
    opened.forEach(function (details) { details.open = false; });
    opened = [];
  });

  // A shared search (?q=) or a page a search led to (?h=, its words marked) needs the theme now.
  if ((searchable && toggle.checked) || /[?&][qh]=/.test(location.search)) load();
})();
