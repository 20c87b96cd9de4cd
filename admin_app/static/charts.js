/* Fallakte start page: draws each table[data-chart] as a bar chart with the vendored Chart.js
   (static/vendor/chartjs). The table is the data: the row headers are the labels, the columns
   headed data-series the series, the cells' data-value the numbers. The canvas is hidden from
   screen readers (they read the table); sighted users may show the table with a button. */
(function () {
  'use strict';

  var COLOURS = ['#1f5fa8', '#c25e00', '#5b6770', '#2e7d32'];

  function seriesOf(table) {
    var heads = table.querySelectorAll('thead th');
    var series = [];
    heads.forEach(function (th, index) {
      if (th.hasAttribute('data-series')) {
        series.push({ name: th.textContent.trim(), column: index });
      }
    });
    return series;
  }

  function draw(table) {
    var series = seriesOf(table);
    var rows = Array.prototype.slice.call(table.querySelectorAll('tbody tr'));
    var labels = rows.map(function (row) { return row.querySelector('th').textContent.trim(); });
    var datasets = series.map(function (item, index) {
      return {
        label: item.name,
        backgroundColor: COLOURS[index % COLOURS.length],
        data: rows.map(function (row) {
          var cell = row.children[item.column];
          return cell ? Number(cell.getAttribute('data-value')) : 0;
        })
      };
    });
    var box = document.createElement('div');
    box.className = 'chart-box';
    box.setAttribute('aria-hidden', 'true');
    var canvas = document.createElement('canvas');
    box.appendChild(canvas);
    var wrap = table.closest('.chart-table-wrap') || table;
    wrap.parentNode.insertBefore(box, wrap);
    new window.Chart(canvas, {
      type: 'bar',
      data: { labels: labels, datasets: datasets },
      options: {
        locale: 'de-DE',
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true } },
        plugins: { legend: { display: datasets.length > 1 } }
      }
    });
    // The table stays for screen readers; for the eye, behind a button.
    wrap.classList.add('sr-only');
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'btn btn-link btn-sm p-0 chart-table-toggle';
    wrap.id = wrap.id || table.id + '-wrap';
    button.setAttribute('aria-controls', wrap.id);
    button.setAttribute('aria-expanded', 'false');
    button.textContent = table.getAttribute('data-show-table');
    button.addEventListener('click', function () {
      var hidden = wrap.classList.toggle('sr-only');
      button.setAttribute('aria-expanded', hidden ? 'false' : 'true');
      button.textContent = table.getAttribute(hidden ? 'data-show-table' : 'data-hide-table');
    });
    wrap.parentNode.insertBefore(button, wrap);
  }

  function start() {
    if (!window.Chart) {
      return;  // Without the library the tables simply stay visible.
    }
    document.querySelectorAll('table[data-chart]').forEach(draw);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
