// The evidence map: filter its rows by condition and certainty, and sort them by a column.
// Without this script the map is a plain table, complete and in condition order.
(function () {
  "use strict";
  var table = document.querySelector("table.evidence-map");
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);

  function options(attribute) {
    var seen = [];
    rows.forEach(function (row) {
      var value = row.getAttribute(attribute);
      if (seen.indexOf(value) < 0) seen.push(value);
    });
    return seen;
  }

  function select(label, attribute, names) {
    var wrapper = document.createElement("label");
    wrapper.textContent = label + " ";
    var list = document.createElement("select");
    list.appendChild(new Option("All", ""));
    options(attribute).forEach(function (value) {
      list.appendChild(new Option(names ? names[value] : value, value));
    });
    list.addEventListener("change", filter);
    wrapper.appendChild(list);
    return { element: wrapper, list: list, attribute: attribute };
  }

  var levelNames = {};
  rows.forEach(function (row) {
    levelNames[row.getAttribute("data-certainty")] = row.cells[2].textContent.trim();
  });
  var filters = [select("Condition", "data-condition"), select("Certainty", "data-certainty", levelNames)];
  var status = document.createElement("p");
  status.setAttribute("role", "status");
  var controls = document.createElement("div");
  controls.className = "evidence-map-controls";
  filters.forEach(function (f) { controls.appendChild(f.element); });
  table.parentNode.insertBefore(controls, table);
  table.parentNode.insertBefore(status, table);

  function filter() {
    var shown = 0;
    rows.forEach(function (row) {
      var keep = filters.every(function (f) {
        return !f.list.value || row.getAttribute(f.attribute) === f.list.value;
      });
      row.hidden = !keep;
      if (keep) shown += 1;
    });
    status.textContent = shown + " of " + rows.length + " findings shown";
  }

  // Sortable columns: condition and outcome alphabetically, certainty from high to unrated.
  var keys = { 0: function (r) { return r.getAttribute("data-condition"); },
               1: function (r) { return r.cells[1].textContent; },
               2: function (r) { return Number(r.getAttribute("data-rank")); } };
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell, index) {
    if (!keys[index]) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "evidence-map-sort";
    button.textContent = cell.textContent;
    cell.textContent = "";
    cell.appendChild(button);
    button.addEventListener("click", function () {
      var ascending = cell.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
      cell.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var x = keys[index](a), y = keys[index](b);
        var order = typeof x === "number" ? x - y : String(x).localeCompare(String(y));
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  filter();
})();
