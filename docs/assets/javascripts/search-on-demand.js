// The search index (search/search_index.json, most of a megabyte) loads only when the reader
// opens search, not on every page load.
//
// The theme's script asks for the index as soon as a page loads, with an XMLHttpRequest. This
// script runs just before it and holds back the send() of that one request until the reader
// opens search: focuses the search box, taps the search icon, presses "/" or "s" (the theme
// opens search by clicking its toggle, #__search), or arrives with ?q= (a shared search) or ?h=
// (search.highlight, which needs the index to mark the words). The theme's own code then
// receives the index as before; nothing of it is copied or patched here, so a theme update that
// stops using XMLHttpRequest only brings back the early load (tests/test_first_load.py says so).
// Opened from file:// (make offline) the theme loads the index with a <script>; left alone.
(function () {
  "use strict";
  if (location.protocol === "file:") return;

  var INDEX = /\/search\/search_index\.json$/;
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var forIndex = new WeakSet();
  var held = [];
  var released = false;

  XMLHttpRequest.prototype.open = function (method, url) {
    if (INDEX.test(new URL(String(url), location.href).pathname)) forIndex.add(this);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (!released && forIndex.has(this)) {
      held.push([this, arguments]);
      return;
    }
    return send.apply(this, arguments);
  };

  function release() {
    if (released) return;
    released = true;
    held.splice(0).forEach(function (request) { send.apply(request[0], request[1]); });
  }

  var toggle = document.getElementById("__search");
  var params = new URLSearchParams(location.search);
  if ((toggle && toggle.checked) || params.has("q") || params.has("h")) {
    release();
    return;
  }
  document.addEventListener("change", function (event) {
    if (event.target === toggle && toggle.checked) release();
  }, true);
  document.addEventListener("focusin", function (event) {
    if (event.target.form && event.target.form === document.forms.namedItem("search")) release();
  }, true);
})();
