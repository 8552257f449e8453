// The engagement dashboard: one fetch of /dashboard/funnel (same data as /api/v1/reports/funnel),
// four ECharts charts. The browser already holds the Basic credentials it opened the page with.
(function () {
  'use strict';
  var STAGES = ['offered', 'sent', 'delivered', 'opened', 'started', 'quartile25', 'quartile50', 'quartile75', 'completed'];
  var charts = {};

  function chart(id) {
    if (!charts[id]) {
      charts[id] = echarts.init(document.getElementById(id));
    }
    return charts[id];
  }

  function local(date) {
    var shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
    return shifted.toISOString().slice(0, 16);
  }

  // The field shows minutes only: left as opened, "to" means now (a handoff made seconds ago counts).
  var toEdited = false;

  function query() {
    var to = new Date(document.getElementById('to').value);
    if (!toEdited) {
      to = new Date(Math.max(to.getTime(), Date.now()));
    }
    return 'from=' + new Date(document.getElementById('from').value).toISOString() + '&to=' + to.toISOString();
  }

  function sum(rows, field) {
    return rows.reduce(function (total, row) { return total + (row[field] || 0); }, 0);
  }

  function draw(report) {
    var rows = report.rows;
    document.getElementById('summary').textContent = sum(rows, 'offered') + ' offered, ' + sum(rows, 'opened')
      + ' opened, ' + sum(rows, 'completed') + ' completed, ' + sum(rows, 'escalated') + ' escalated';
    chart('funnel').setOption({
      tooltip: {}, grid: { left: 90 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', inverse: true, data: STAGES.concat(['escalated', 'failed']) },
      series: [{ type: 'bar', data: STAGES.concat(['escalated', 'failed']).map(function (s) { return sum(rows, s); }) }]
    }, true);
    var assets = {};
    rows.forEach(function (row) {
      var a = assets[row.assetId] || (assets[row.assetId] = { offered: 0, started: 0, completed: 0 });
      a.offered += row.offered; a.started += row.started; a.completed += row.completed;
    });
    var names = Object.keys(assets);
    chart('by-asset').setOption({
      tooltip: {}, legend: {},
      xAxis: { type: 'category', data: names },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value} %' } },
      series: [
        { name: 'completed / offered', type: 'bar', data: names.map(function (n) { return pct(assets[n].completed, assets[n].offered); }) },
        { name: 'completed / started', type: 'bar', data: names.map(function (n) { return pct(assets[n].completed, assets[n].started); }) }
      ]
    }, true);
    chart('by-channel').setOption({
      tooltip: {}, legend: {},
      xAxis: { type: 'category', data: STAGES },
      yAxis: { type: 'value' },
      series: ['web', 'sms'].map(function (channel) {
        var mine = rows.filter(function (row) { return row.channel === channel; });
        return { name: channel, type: 'bar', data: STAGES.map(function (s) { return sum(mine, s); }) };
      })
    }, true);
    var hours = Object.keys(report.escalationsByHour);
    chart('escalations').setOption({
      tooltip: {},
      xAxis: { type: 'category', data: hours.map(function (h) { return h.slice(0, 13).replace('T', ' ') + 'h'; }) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'line', data: hours.map(function (h) { return report.escalationsByHour[h]; }) }]
    }, true);
    drawStartup(rows);
    document.body.dataset.loaded = 'true';
  }

  // The field figures per asset and channel: startup time (Start pressed to playing), presses of
  // Start that never played, and the share of viewing time spent stalled.
  function drawStartup(rows) {
    var body = document.querySelector('#startup tbody');
    body.textContent = '';
    rows.forEach(function (row) {
      var tr = body.insertRow();
      [row.assetId, row.channel, seconds(row.medianStartupMs), seconds(row.p90StartupMs),
        percent(row.startupFailureRate), percent(row.rebufferRatio)].forEach(function (text) {
        tr.insertCell().textContent = text;
      });
    });
  }

  function seconds(ms) {
    return ms == null ? '–' : (ms / 1000).toFixed(1) + ' s';
  }

  function percent(ratio) {
    return ratio == null ? '–' : (100 * ratio).toFixed(1) + ' %';
  }

  function pct(part, whole) {
    return whole ? Math.round(1000 * part / whole) / 10 : 0;
  }

  function load(event) {
    if (event) {
      event.preventDefault();
    }
    // From the origin: a page opened as http://user:key@host/ would otherwise put the
    // credentials into the request URL, which fetch refuses.
    document.getElementById('export').href = location.origin + '/dashboard/funnel?format=jsonl&' + query();
    fetch(location.origin + '/dashboard/funnel?' + query(), { credentials: 'same-origin' })
      .then(function (response) { return response.json(); })
      .then(draw)
      .catch(function () { document.getElementById('summary').textContent = 'The report could not be loaded.'; });
  }

  // ?from=&to= (ISO-8601) open a given range; the default is the last 24 hours.
  function param(name, fallback) {
    var value = new Date(new URLSearchParams(location.search).get(name) || NaN);
    return isNaN(value.getTime()) ? fallback : value;
  }
  var to = param('to', null);
  toEdited = to !== null;
  to = to || new Date();
  var from = param('from', new Date(to.getTime() - 24 * 3600 * 1000));
  document.getElementById('from').value = local(from);
  document.getElementById('to').value = local(to);
  document.getElementById('to').addEventListener('input', function () { toEdited = true; });
  document.getElementById('range').addEventListener('submit', load);
  window.addEventListener('resize', function () { Object.keys(charts).forEach(function (k) { charts[k].resize(); }); });
  load();
}());
