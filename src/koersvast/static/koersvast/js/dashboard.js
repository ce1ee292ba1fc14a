/* Koersvast dashboard: draws the charts from the data the server embedded with json_script.
 *
 * The tables next to each chart are the accessible, always-present source of the same figures;
 * the charts are decoration for sighted users (their containers are aria-hidden) and are only
 * shown once ECharts has loaded, so the page works without JavaScript. Clicking a bar or slice
 * opens the same filtered list as the matching table row.
 */
(function () {
  "use strict";

  var PALETTE = ["#154273", "#01689b", "#5a8a1f", "#8a5a00", "#6d2f8c", "#a5123a", "#39870c", "#4c4c4c"];

  function readData() {
    var node = document.getElementById("dashboard-charts");
    if (!node) return null;
    try {
      return JSON.parse(node.textContent);
    } catch (error) {
      return null;
    }
  }

  function barOption(spec, animate) {
    var horizontal = spec.labels.length > 4;
    // Long category names wrap onto a second line instead of being cut off with "…".
    var categories = { type: "category", data: spec.labels, axisLabel: { interval: 0, width: 140, overflow: "break" } };
    // The outermost value labels align inward, so "100 %" at the end of the axis is not cut off.
    var values = {
      type: "value",
      minInterval: 1,
      axisLabel: {
        formatter: spec.unit ? "{value} " + spec.unit : "{value}",
        alignMinLabel: "left",
        alignMaxLabel: "right",
      },
    };
    return {
      animation: animate,
      color: PALETTE,
      aria: { enabled: false },
      tooltip: { trigger: "axis" },
      legend: spec.series.length > 1 ? { top: 0 } : undefined,
      grid: { left: 8, right: 16, top: spec.series.length > 1 ? 32 : 12, bottom: 8, containLabel: true },
      xAxis: horizontal ? values : categories,
      yAxis: horizontal ? Object.assign({ inverse: true }, categories) : values,
      series: spec.series.map(function (serie) {
        return { name: serie.name, type: "bar", data: serie.data, barMaxWidth: 36 };
      }),
    };
  }

  function pieOption(spec, animate) {
    var serie = spec.series[0];
    return {
      animation: animate,
      color: spec.colours || PALETTE,
      aria: { enabled: false },
      tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
      legend: { bottom: 0 },
      series: [
        {
          name: serie.name,
          type: "pie",
          radius: ["36%", "60%"],
          top: 0,
          bottom: 32,
          // Labels sit at the chart's edges and wrap there, so none is cut off with "…".
          label: { formatter: "{b}: {c}", alignTo: "edge", edgeDistance: 4, overflow: "break", minMargin: 4 },
          labelLine: { length: 8, length2: 0 },
          data: spec.labels.map(function (label, index) {
            return { name: label, value: serie.data[index] };
          }),
        },
      ],
    };
  }

  function draw(container, spec, animate) {
    container.hidden = false;
    var chart = window.echarts.init(container, null, { renderer: "svg" });
    chart.setOption(spec.kind === "pie" ? pieOption(spec, animate) : barOption(spec, animate));
    chart.on("click", function (params) {
      var url = spec.links && spec.links[params.dataIndex];
      if (url) window.location.assign(url);
    });
    return chart;
  }

  function init() {
    var data = readData();
    if (!data || !window.echarts) return;
    var animate = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (container) {
      var spec = data[container.getAttribute("data-chart")];
      if (spec && spec.labels && spec.labels.length) charts.push(draw(container, spec, animate));
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (chart) { chart.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
