// Roadmap: drag a bar sideways to preview another start, and zoom the quarter columns.
// Progressive enhancement: without JavaScript the per-row select and "Toon gevolg" do the same,
// and keyboard users keep using them (the drag only sets that select and submits its form).
(function () {
  "use strict";
  var ZOOM_KEY = "koersvast.roadmap.zoom";
  var ZOOMS = [1.2, 1.8, 2.6, 3.6]; // rem per quarter column
  var table = document.querySelector("table.roadmap");
  if (!table) return;

  function setZoom(index) {
    index = Math.max(0, Math.min(ZOOMS.length - 1, index));
    table.style.setProperty("--roadmap-cell", ZOOMS[index] + "rem");
    table.dataset.zoom = String(index);
    try { localStorage.setItem(ZOOM_KEY, String(index)); } catch (e) { /* private mode */ }
    var status = document.getElementById("roadmap-zoom-level");
    if (status) status.textContent = String(index + 1) + "/" + ZOOMS.length;
  }
  var stored = parseInt((function () {
    try { return localStorage.getItem(ZOOM_KEY); } catch (e) { return null; }
  })(), 10);
  setZoom(isNaN(stored) ? 1 : stored);
  document.querySelectorAll("[data-roadmap-zoom]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      setZoom(parseInt(table.dataset.zoom, 10) + parseInt(button.dataset.roadmapZoom, 10));
    });
  });
  var controls = document.getElementById("roadmap-zoom");
  if (controls) controls.hidden = false;

  table.querySelectorAll("tr[data-start]").forEach(function (row) {
    var select = row.querySelector("select[name=start]");
    if (!select) return;
    var start = parseInt(row.dataset.start, 10);
    var bars = row.querySelectorAll(".roadmap__cell--on");
    var origin = null;
    function shift(event) {
      var width = bars[0].getBoundingClientRect().width || 1;
      return Math.round((event.clientX - origin) / width);
    }
    bars.forEach(function (bar) {
      bar.classList.add("roadmap__cell--draggable");
      bar.addEventListener("pointerdown", function (event) {
        origin = event.clientX;
        bar.setPointerCapture(event.pointerId);
        row.classList.add("roadmap__dragging");
      });
      bar.addEventListener("pointermove", function (event) {
        if (origin === null) return;
        row.style.setProperty("--roadmap-shift", shift(event));
        row.dataset.shift = String(shift(event));
      });
      bar.addEventListener("pointerup", function (event) {
        if (origin === null) return;
        var target = start + shift(event);
        origin = null;
        row.classList.remove("roadmap__dragging");
        delete row.dataset.shift;
        var options = select.options;
        target = Math.max(0, Math.min(options.length - 1, target));
        if (target === start) return;
        select.selectedIndex = target;
        select.form.requestSubmit();
      });
    });
  });
})();
