// The "Datenexporte" page: follow queued and running exports without reloading the page.
(function () {
  "use strict";
  var table = document.getElementById("export-list");
  if (!table) { return; }
  var statusUrl = table.getAttribute("data-status-url");
  var active = ["queued", "running"];

  function update(state) {
    var row = document.getElementById("export-" + state.id);
    if (!row) { return; }
    row.setAttribute("data-status", state.status);
    row.querySelector(".export-status").textContent = state.status_label;
    var bar = row.querySelector(".progress-bar");
    if (bar) {
      bar.style.width = state.progress + "%";
      bar.setAttribute("aria-valuenow", String(state.progress));
      bar.textContent = state.progress + " %";
    }
    row.querySelector(".export-rows").textContent =
      state.row_count === null ? "" : String(state.row_count);
    var error = row.querySelector(".export-error");
    if (error) { error.textContent = state.error; }
    var link = row.querySelector(".export-download");
    if (link && state.download) {
      link.setAttribute("href", state.download);
      link.hidden = false;
    }
  }

  function pending() {
    return Array.prototype.some.call(table.querySelectorAll("tr[data-status]"), function (row) {
      return active.indexOf(row.getAttribute("data-status")) >= 0;
    });
  }

  function poll() {
    if (!pending()) { return; }
    fetch(statusUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : []; })
      .then(function (states) { states.forEach(update); })
      .catch(function () { /* the next poll tries again */ })
      .then(function () { window.setTimeout(poll, 1500); });
  }

  window.setTimeout(poll, 1000);
}());
