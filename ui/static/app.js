// Paved: draws the charts whose data the server embeds as JSON. Pages work
// without this file; it only adds the charts and keeps htmx swaps charted.
(function () {
  'use strict';

  // Okabe-Ito colours, distinguishable with colour-vision deficiencies; each
  // series also gets its own dash pattern and point shape.
  var colours = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'];
  var dashes = [[], [6, 4], [2, 3], [10, 3, 2, 3], [4, 4], [1, 2]];
  var points = ['circle', 'triangle', 'rect', 'rectRot', 'star', 'crossRot'];

  function format(unit, v) {
    if (v === null || v === undefined) { return 'no data'; }
    if (unit === 'percent') { return (Math.round(v * 10) / 10) + '%'; }
    if (unit === 'level' || unit === 'score' || unit === 'count') { return String(Math.round(v)); }
    return String(Math.round(v * 100) / 100);
  }

  // legendLine draws a legend sample as the series' own line.
  function legendLine(i) {
    var c = document.createElement('canvas');
    c.width = 32; c.height = 10;
    var g = c.getContext('2d');
    g.strokeStyle = colours[i % colours.length];
    g.lineWidth = 2;
    g.setLineDash(dashes[i % dashes.length]);
    g.beginPath(); g.moveTo(0, 5); g.lineTo(32, 5); g.stroke();
    return c;
  }

  function lineLegend(chart) {
    var items = Chart.defaults.plugins.legend.labels.generateLabels(chart);
    items.forEach(function (it) { it.pointStyle = legendLine(it.datasetIndex); });
    return items;
  }

  function lineConfig(d) {
    return {
      type: 'line',
      data: {
        labels: d.labels,
        datasets: d.series.map(function (s, i) {
          return {
            label: s.label,
            data: s.values,
            borderColor: colours[i % colours.length],
            backgroundColor: colours[i % colours.length],
            borderDash: dashes[i % dashes.length],
            pointStyle: points[i % points.length],
            pointRadius: 0,
            pointHoverRadius: 4,
            borderWidth: 2,
            stepped: d.unit === 'level',
            spanGaps: false
          };
        })
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: {
            title: { display: true, text: 'Week ending' },
            ticks: { maxTicksLimit: 6, autoSkip: true, maxRotation: 0, autoSkipPadding: 12 }, grid: { display: false }
          },
          y: {
            title: { display: !!d.y_title, text: d.y_title },
            min: d.min, max: d.max, beginAtZero: true,
            ticks: { precision: 0, maxTicksLimit: 6, callback: function (v) { return format(d.unit, v); } }
          }
        },
        plugins: {
          // The legend draws each series as its line: colour, width and dash.
          legend: { display: d.series.length > 1, position: 'bottom', labels: { usePointStyle: true, pointStyleWidth: 34, generateLabels: lineLegend } },
          tooltip: { callbacks: { label: function (c) { return c.dataset.label + ': ' + format(d.unit, c.parsed.y); } } }
        }
      }
    };
  }

  function draw(canvas) {
    if (typeof Chart === 'undefined' || Chart.getChart(canvas)) { return; }
    var source = document.getElementById(canvas.getAttribute('data-chart'));
    if (!source) { return; }
    var d = JSON.parse(source.textContent);
    new Chart(canvas, lineConfig(d));
  }

  function drawAll(root) {
    var canvases = root.querySelectorAll('canvas[data-chart]');
    for (var i = 0; i < canvases.length; i++) { draw(canvases[i]); }
  }

  // The digest preview frame (sandboxed: same origin for reading its size, no
  // script runs inside) takes the email's full height, so nothing is cut off; an
  // email wider than the frame (a phone) is zoomed to its width, as mail apps do.
  function fitFrames() {
    var frames = document.querySelectorAll('iframe[data-fit-height]');
    for (var i = 0; i < frames.length; i++) {
      (function (f) {
        function fit() {
          var doc = f.contentDocument;
          if (!doc || !doc.documentElement) { return; }
          var root = doc.documentElement;
          root.style.zoom = '';
          if (root.scrollWidth > root.clientWidth) { root.style.zoom = String(root.clientWidth / root.scrollWidth); }
          f.style.height = (root.scrollHeight + 2) + 'px';
        }
        f.addEventListener('load', fit);
        window.addEventListener('resize', fit);
        if (f.contentDocument && f.contentDocument.readyState === 'complete') { fit(); }
      })(frames[i]);
    }
  }

  function start() {
    fitFrames();
    if (typeof Chart !== 'undefined') {
      Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
      Chart.defaults.color = '#374151';
    }
    drawAll(document);
    document.body.addEventListener('htmx:afterSwap', function (e) { drawAll(e.target); });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
