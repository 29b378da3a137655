// Campaign dashboard: charts (Chart.js), the region map (Leaflet, outlines shipped with the portal, no tile
// server) and hover definitions. The server sends each chart's data as a JSON script element; after an htmx
// swap of #dashboard (filters, drill-down, sorting) everything is built again for the new content.
"use strict";

(function () {
  const COLOURS = ["#0d6efd", "#fd7e14", "#198754", "#6f42c1", "#d63384"];
  const SHADES = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];
  const NO_DATA = "#d9d9d9";
  let charts = [];
  let map = null;
  let outlines = null;

  // Numbers as the page's language writes them (a decimal comma in Kyrgyz and Russian). The separators come
  // from the server (Django's formats): browsers' Intl has no Kyrgyz data and would write "96.5".
  function formatNumber(value, minDigits, maxDigits) {
    const root = document.getElementById("dashboard");
    const decimal = (root && root.dataset.decimalSeparator) || ".";
    const group = root && root.dataset.thousandSeparator !== undefined ? root.dataset.thousandSeparator : ",";
    const parts = new Intl.NumberFormat("en-US", {
      minimumFractionDigits: minDigits,
      maximumFractionDigits: maxDigits === undefined ? minDigits : maxDigits,
    }).formatToParts(value);
    return parts.map(function (part) {
      if (part.type === "decimal") { return decimal; }
      return part.type === "group" ? group : part.value;
    }).join("");
  }

  function tickNumber(value) { return formatNumber(value, 0, 2); }

  function readJson(id) {
    const element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function chartConfig(spec) {
    const horizontal = Boolean(spec.horizontal);
    const valueAxis = horizontal ? "x" : "y";
    const datasets = spec.datasets.map(function (dataset, index) {
      const line = dataset.kind === "line";
      const config = {
        label: dataset.label,
        data: dataset.data,
        type: line ? "line" : "bar",
        backgroundColor: COLOURS[index % COLOURS.length],
        borderColor: COLOURS[index % COLOURS.length],
        borderWidth: line ? 2 : 0,
        pointRadius: line ? 3 : 0,
        spanGaps: true,
        order: line ? 0 : 1,
      };
      if (!horizontal) {
        config.yAxisID = dataset.axis || "y";
      }
      return config;
    });
    const scales = {};
    scales[valueAxis] = {
      beginAtZero: true, title: { display: Boolean(spec.y), text: spec.y }, ticks: { callback: tickNumber },
    };
    // Long names (topics, councils) are cut on the axis; the tooltip shows them whole.
    scales[horizontal ? "y" : "x"] = {
      ticks: {
        callback: function (value) {
          const text = String(this.getLabelForValue(value));
          const narrow = window.innerWidth < 576;
          const room = horizontal ? (narrow ? 18 : 32) : (narrow ? 12 : 24);
          return text.length > room ? text.slice(0, room - 1) + "…" : text;
        },
      },
    };
    if (datasets.some(function (dataset) { return dataset.yAxisID === "y1"; })) {
      scales.y1 = {
        position: "right",
        beginAtZero: true,
        grid: { drawOnChartArea: false },
        ticks: { callback: tickNumber },
        title: { display: Boolean(spec.y1), text: spec.y1 },
      };
    }
    const suffix = spec.percent ? "%" : "";
    return {
      type: "bar",
      data: { labels: spec.labels, datasets: datasets },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: scales,
        plugins: {
          legend: { display: datasets.length > 1, position: "bottom", labels: { boxWidth: 12 } },
          tooltip: {
            callbacks: {
              label: function (context) {
                const value = context.parsed[valueAxis];
                if (value === null || value === undefined) { return context.dataset.label + ": —"; }
                return context.dataset.label + ": " + formatNumber(value, 0, 2) + suffix;
              },
            },
          },
        },
      },
    };
  }

  function buildCharts(root) {
    charts.forEach(function (chart) { chart.destroy(); });
    charts = [];
    if (typeof window.Chart === "undefined") { return; }
    root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      const spec = readJson(canvas.dataset.chart);
      if (spec) { charts.push(new window.Chart(canvas, chartConfig(spec))); }
    });
  }

  // Five equal classes between the lowest and the highest value shown (whole numbers), so that differences
  // between regions stay visible when every region is, say, between 95 and 100 %.
  function breaks(values) {
    const known = values.filter(function (value) { return value !== null && value !== undefined; });
    if (!known.length) { return null; }
    const low = Math.floor(Math.min.apply(null, known));
    const high = Math.ceil(Math.max.apply(null, known));
    if (high - low < 1) {
      const single = [high];
      single.low = low;
      single.shades = [SHADES[SHADES.length - 1]];
      return single;
    }
    const step = (high - low) / SHADES.length;
    const limits = SHADES.map(function (_, index) { return low + step * (index + 1); });
    limits.shades = SHADES;
    limits.low = low;
    return limits;
  }

  function shade(value, limits) {
    if (value === null || value === undefined || !limits) { return NO_DATA; }
    for (let index = 0; index < limits.length; index += 1) {
      if (value <= limits[index] + 1e-9) { return limits.shades[index]; }
    }
    return limits.shades[limits.shades.length - 1];
  }

  // The legend sits under the map (not on it), so that it never hides a region, on any screen.
  function fillLegend(box, limits, label, noData) {
    box.replaceChildren();
    const title = document.createElement("span");
    title.className = "fw-semibold";
    title.textContent = label;
    box.appendChild(title);
    function entry(colour, text) {
      const item = document.createElement("span");
      item.className = "map-legend-item";
      const swatch = document.createElement("i");
      swatch.style.background = colour;
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(text));
      box.appendChild(item);
    }
    let lower = limits ? limits.low : 0;
    (limits || []).forEach(function (upper, index) {
      const same = Math.abs(upper - lower) < 0.05;
      entry(limits.shades[index], (same ? "" : formatNumber(lower, 1) + "–") + formatNumber(upper, 1) + "%");
      lower = upper;
    });
    entry(NO_DATA, noData);
  }

  function popupContent(region, metricKey, metricLabel, labels) {
    const box = document.createElement("div");
    const name = document.createElement("div");
    name.className = "fw-semibold";
    name.textContent = region.label;
    box.appendChild(name);
    const figure = document.createElement("div");
    figure.textContent = metricLabel + ": " + region.display[metricKey];
    box.appendChild(figure);
    const people = document.createElement("div");
    people.textContent = labels.participants + ": " + region.participants;
    box.appendChild(people);
    [[region.filter_url, labels.filter], [region.page_url, labels.page]].forEach(function (pair) {
      const link = document.createElement("a");
      link.href = pair[0];
      link.textContent = pair[1];
      link.className = "d-block";
      box.appendChild(link);
    });
    return box;
  }

  function loadOutlines(url) {
    if (!outlines) {
      outlines = fetch(url, { credentials: "same-origin" }).then(function (response) { return response.json(); });
    }
    return outlines;
  }

  // Each outline's name in the reader's language, on the region itself (a permanent tooltip that lets
  // clicks through to the region).
  function addLabels(layer, names) {
    layer.eachLayer(function (shape) {
      const name = names[shape.feature.properties.code];
      if (name) {
        shape.bindTooltip(name, {
          permanent: true, direction: "center", interactive: false,
          className: "region-label region-label-" + shape.feature.properties.code,
        });
      }
    });
  }

  function buildMap(root) {
    if (map) { map.remove(); map = null; }
    const element = root.querySelector("#dashboard-map");
    const legendBox = root.querySelector("#dashboard-map-legend");
    const data = readJson("dashboard-map-data");
    const container = document.getElementById("dashboard");
    if (!element || !data || typeof window.L === "undefined" || !container) { return; }
    const select = root.querySelector(".map-metric");
    const L = window.L;
    const current = L.map(element, {
      attributionControl: false, scrollWheelZoom: false, zoomSnap: 0.25, zoomControl: false,
    });
    // Bottom right: the corner where Kyrgyzstan has no territory. Titles in the reader's language.
    L.control.zoom({
      position: "bottomright", zoomInTitle: data.labels.zoom_in, zoomOutTitle: data.labels.zoom_out,
    }).addTo(current);
    map = current;
    let layer = null;
    function metricLabel(key) {
      const found = data.metrics.find(function (metric) { return metric[0] === key; });
      return found ? found[1] : key;
    }
    function paint() {
      const key = select ? select.value : data.metrics[0][0];
      const limits = breaks(Object.values(data.regions).map(function (region) { return region.values[key]; }));
      layer.setStyle(function (feature) {
        const region = data.regions[feature.properties.code];
        return { color: "#555", weight: 1, fillOpacity: 0.85, fillColor: shade(region ? region.values[key] : null, limits) };
      });
      if (legendBox) { fillLegend(legendBox, limits, metricLabel(key), data.labels.none); }
    }
    loadOutlines(container.dataset.geojson).then(function (geojson) {
      if (map !== current) { return; }
      layer = L.geoJSON(geojson, {
        style: function (feature) { return { className: "region-" + feature.properties.code }; },
        onEachFeature: function (feature, shape) {
          shape.on("click", function () {
            const region = data.regions[feature.properties.code];
            const key = select ? select.value : data.metrics[0][0];
            if (region) {
              shape.bindPopup(popupContent(region, key, metricLabel(key), data.labels)).openPopup();
            }
          });
        },
      }).addTo(current);
      current.fitBounds(layer.getBounds(), { padding: [8, 8] });
      addLabels(layer, data.names || {});
      paint();
    });
    if (select) { select.addEventListener("change", function () { if (layer) { paint(); } }); }
  }

  function buildTooltips(root) {
    if (!window.bootstrap || !window.bootstrap.Tooltip) { return; }
    root.querySelectorAll("[data-bs-toggle='tooltip']").forEach(function (element) {
      window.bootstrap.Tooltip.getOrCreateInstance(element);
    });
  }

  // Choosing another region leaves the district and council drilled into (hidden fields) behind.
  function resetPlacesOnRegionChange(root) {
    const region = root.querySelector("#filter-region");
    if (!region) { return; }
    region.addEventListener("change", function () {
      root.querySelectorAll(".dashboard-filters input[name=district], .dashboard-filters input[name=council]")
        .forEach(function (input) { input.remove(); });
    });
  }

  function build() {
    const root = document.getElementById("dashboard");
    if (!root) { return; }
    resetPlacesOnRegionChange(root);
    buildCharts(root);
    buildMap(root);
    buildTooltips(root);
  }

  document.addEventListener("DOMContentLoaded", build);
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "dashboard") {
      document.querySelectorAll(".tooltip").forEach(function (tip) { tip.remove(); });
    }
  });
  document.body.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail.target && event.detail.target.id === "dashboard") { build(); }
  });
})();
