// Citations and glossary terms on touch screens. A tap on a citation number opens its reference
// in a popover where the reader is, instead of jumping to the list at the end of the page; a tap
// on an abbreviation shows what it stands for. With a mouse the theme's hover tooltips do this,
// and without script a citation is a plain link to its reference.
// Each reference's "Back to text" link is pointed at the citation the reader came from.
(function () {
  "use strict";

  var popover = null;
  var opener = null;

  function byTouch(event) {
    // Chromium and Firefox say which pointer clicked; Safari's clicks do not, so ask the screen.
    if (typeof event.pointerType === "string" && event.pointerType !== "") {
      return event.pointerType === "touch" || event.pointerType === "pen";
    }
    return event.detail > 0 && window.matchMedia("(hover: none)").matches;
  }

  function close(returnFocus) {
    if (!popover) {
      return;
    }
    popover.remove();
    popover = null;
    if (returnFocus && opener) {
      opener.focus({ preventScroll: true });
    }
    opener = null;
  }

  function open(trigger, label, content, listHref) {
    close(false);
    popover = document.createElement("div");
    popover.className = "cite-popover";
    popover.setAttribute("role", "dialog");
    popover.setAttribute("aria-label", label);
    popover.tabIndex = -1;
    var body = document.createElement("div");
    body.className = "cite-popover__body";
    body.appendChild(content);
    popover.appendChild(body);
    var actions = document.createElement("div");
    actions.className = "cite-popover__actions";
    if (listHref) {
      var link = document.createElement("a");
      link.href = listHref;
      link.textContent = "Show in the reference list";
      link.addEventListener("click", function () { close(false); });
      actions.appendChild(link);
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "cite-popover__close";
    button.textContent = "Close";
    button.addEventListener("click", function () { close(true); });
    actions.appendChild(button);
    popover.appendChild(actions);
    document.body.appendChild(popover);
    opener = trigger;
    popover.focus({ preventScroll: true });
  }

  function reference(target) {
    var entry = document.getElementById(target);
    var text = entry && entry.querySelector("p");
    if (!text) {
      return null;
    }
    var copy = text.cloneNode(true);
    copy.querySelectorAll(".footnote-backref").forEach(function (a) { a.remove(); });
    copy.querySelectorAll("[id]").forEach(function (e) { e.removeAttribute("id"); });
    return copy;
  }

  function pointBackLink(marker) {
    var target = marker.getAttribute("href").slice(1);
    var entry = document.getElementById(target);
    var back = entry && entry.querySelector("a.footnote-backref");
    var citation = marker.closest("sup[id]");
    if (back && citation) {
      back.setAttribute("href", "#" + citation.id);
      back.title = "Back to where you were reading";
    }
  }

  // The theme moves an abbreviation's title into its own tooltip the first time it is shown.
  function meaning(term) {
    var tooltip = document.getElementById(term.getAttribute("aria-describedby") || "");
    return term.getAttribute("title") || (tooltip ? tooltip.textContent.trim() : "");
  }

  document.addEventListener("click", function (event) {
    var marker = event.target.closest("a.footnote-ref");
    if (marker) {
      pointBackLink(marker);
      if (!byTouch(event)) {
        return;  // a mouse or the keyboard follows the link, as without script
      }
      var target = marker.getAttribute("href").slice(1);
      var content = reference(target);
      if (content) {
        event.preventDefault();
        open(marker, "Reference " + marker.textContent, content, "#" + target);
      }
      return;
    }
    var term = event.target.closest("article abbr");
    if (term && meaning(term) && byTouch(event)) {
      var text = document.createElement("p");
      var name = document.createElement("strong");
      name.textContent = term.textContent;
      text.appendChild(name);
      text.appendChild(document.createTextNode(": " + meaning(term)));
      open(term, "Abbreviation " + term.textContent, text, null);
      return;
    }
    if (popover && !popover.contains(event.target)) {
      close(false);
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && popover) {
      close(true);
    }
  });
})();
