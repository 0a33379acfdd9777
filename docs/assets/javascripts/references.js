// The references page: filter the works by evidence level (the badge after each reference).
// Without this script the page lists every work, A to Z, and the letters still jump.
(function () {
  "use strict";
  var jump = document.querySelector(".references-az");
  var entries = Array.prototype.slice.call(document.querySelectorAll("article div.reference"));
  if (!jump || !entries.length) return;
  var letters = Array.prototype.slice.call(document.querySelectorAll("article .references-letter"));

  function level(entry) {
    var badge = entry.querySelector(".evidence-badge[data-level]");
    return badge ? badge.getAttribute("data-level") : "";
  }

  var label = document.createElement("label");
  label.textContent = "Evidence level ";
  var list = document.createElement("select");
  list.appendChild(new Option("All", ""));
  var seen = {};
  entries.forEach(function (entry) {
    var value = level(entry);
    var badge = entry.querySelector(".evidence-badge[data-level]");
    if (value && !seen[value]) {
      seen[value] = true;
      list.appendChild(new Option(badge.textContent.trim(), value));
    }
  });
  label.appendChild(list);
  var status = document.createElement("p");
  status.setAttribute("role", "status");
  var tools = document.createElement("div");
  tools.className = "references-tools";
  tools.appendChild(label);
  tools.appendChild(status);
  jump.parentNode.insertBefore(tools, jump.nextSibling);

  list.addEventListener("change", function () {
    var shown = 0;
    entries.forEach(function (entry) {
      var keep = !list.value || level(entry) === list.value;
      entry.hidden = !keep;
      if (keep) shown += 1;
    });
    // a letter's heading stays only while one of its works is shown
    letters.forEach(function (heading, i) {
      var next = letters[i + 1];
      var any = false;
      for (var node = heading.nextElementSibling; node && node !== next; node = node.nextElementSibling) {
        if (node.classList.contains("reference") && !node.hidden) any = true;
      }
      heading.hidden = !any;
    });
    status.textContent = list.value ? shown + " of " + entries.length + " works shown" : "";
  });
})();
