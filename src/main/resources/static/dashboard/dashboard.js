// The engagement dashboard: one fetch of /dashboard/funnel (same data as /api/v1/reports/funnel),
// six ECharts charts (engagement, then the calls' outcomes with their tables). The browser already
// holds the Basic credentials it opened the page with.
(function () {
  'use strict';
  var STAGES = ['offered', 'sent', 'delivered', 'opened', 'started', 'quartile25', 'quartile50', 'quartile75', 'completed'];
  var OUTCOMES = ['resolved_by_video', 'escalated', 'repeat_contact', 'abandoned', 'unknown', 'pending'];
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

  function outcomeTotals(rows) {
    var totals = {};
    OUTCOMES.forEach(function (o) { totals[o] = 0; });
    rows.forEach(function (row) {
      OUTCOMES.forEach(function (o) { totals[o] += (row.outcomes || {})[o] || 0; });
    });
    return totals;
  }

  function cell(tr, text) {
    var td = document.createElement('td');
    td.textContent = text;
    tr.appendChild(td);
  }

  function fill(tableId, lines) {
    var body = document.querySelector('#' + tableId + ' tbody');
    body.textContent = '';
    lines.forEach(function (line) {
      var tr = document.createElement('tr');
      line.forEach(function (text) { cell(tr, text); });
      body.appendChild(tr);
    });
  }

  // Outcomes per tutorial: a stacked bar of each outcome, and a table of the rates (pending ones left
  // out of every rate, as the report does).
  function drawOutcomes(rows) {
    var assets = {};
    rows.forEach(function (row) {
      var a = assets[row.assetId] || (assets[row.assetId] = { rows: [] });
      a.rows.push(row);
    });
    var names = Object.keys(assets);
    chart('resolution').setOption({
      tooltip: { trigger: 'axis' }, legend: {}, grid: { left: 140 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: names },
      series: OUTCOMES.map(function (o) {
        return { name: o, type: 'bar', stack: 'outcomes',
          data: names.map(function (n) { return outcomeTotals(assets[n].rows)[o]; }) };
      })
    }, true);
    // One line per tutorial and channel, with the report's own rates ('-': nothing decided yet).
    fill('resolution-table', rows.map(function (row) {
      return [row.assetId + ' (' + row.channel + ')', String(row.outcomes.resolved_by_video),
        rate(row.resolutionRateOfOffered), rate(row.resolutionRateOfCompleted), rate(row.repeatContactRate),
        String(row.outcomes.pending)];
    }));
    var codes = {};
    rows.forEach(function (row) {
      Object.keys(row.escalationWrapUpCodes || {}).forEach(function (code) {
        codes[code] = (codes[code] || 0) + row.escalationWrapUpCodes[code];
      });
    });
    var top = Object.keys(codes).sort(function (a, b) { return codes[b] - codes[a]; }).slice(0, 10);
    chart('wrap-up-codes').setOption({
      tooltip: {}, grid: { left: 160 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: top },
      series: [{ type: 'bar', data: top.map(function (c) { return codes[c]; }) }]
    }, true);
    fill('wrap-up-table', top.map(function (c) { return [c, String(codes[c])]; }));
    return outcomeTotals(rows);
  }

  function draw(report) {
    var rows = report.rows;
    var outcomes = drawOutcomes(rows);
    var decided = OUTCOMES.reduce(function (total, o) { return o === 'pending' ? total : total + outcomes[o]; }, 0);
    document.getElementById('summary').textContent = sum(rows, 'offered') + ' offered, ' + sum(rows, 'opened')
      + ' opened, ' + sum(rows, 'completed') + ' completed, ' + sum(rows, 'escalated') + ' escalated';
    document.getElementById('outcome-summary').textContent = outcomes.resolved_by_video + ' resolved by video ('
      + pct(outcomes.resolved_by_video, decided) + ' % of ' + decided + ' decided), ' + outcomes.pending + ' pending';
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

  function rate(value) {
    return value === null || value === undefined ? '-' : Math.round(1000 * value) / 10 + ' %';
  }

  // The field figures per asset and channel: startup time (Start pressed to playing), presses of
  // Start that never played, and the share of viewing time spent stalled.
  function drawStartup(rows) {
    var body = document.querySelector('#startup tbody');
    body.textContent = '';
    rows.forEach(function (row) {
      var tr = body.insertRow();
      [row.assetId, row.channel, seconds(row.medianStartupMs), seconds(row.p90StartupMs),
        rate(row.startupFailureRate), rate(row.rebufferRatio)].forEach(function (text) {
        tr.insertCell().textContent = text;
      });
    });
  }

  function seconds(ms) {
    return ms == null ? '–' : (ms / 1000).toFixed(1) + ' s';
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
