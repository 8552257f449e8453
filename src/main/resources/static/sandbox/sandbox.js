// The sandbox page: recorded provider calls, a handoff's timeline, simulated delivery receipts.
(function () {
  'use strict';
  var origin = location.origin; // never the page's URL: it may carry credentials

  function cell(row, text, className) {
    var td = document.createElement('td');
    td.textContent = text;
    if (className) {
      td.className = className;
    }
    row.appendChild(td);
  }

  function refresh() {
    fetch(origin + '/sandbox/calls').then(function (r) { return r.json(); }).then(function (calls) {
      var body = document.getElementById('calls');
      body.textContent = '';
      calls.forEach(function (call) {
        var row = document.createElement('tr');
        cell(row, call.at);
        cell(row, call.system);
        cell(row, call.method + ' ' + call.path);
        cell(row, String(call.status));
        cell(row, call.body, 'body');
        body.appendChild(row);
      });
      document.body.dataset.calls = String(calls.length);
    });
  }

  function timeline(event) {
    if (event) {
      event.preventDefault();
    }
    var id = document.getElementById('handoff').value.trim();
    if (!id) {
      return;
    }
    fetch(origin + '/sandbox/handoffs/' + encodeURIComponent(id)).then(function (r) { return r.json(); })
      .then(function (view) { document.getElementById('timeline').textContent = JSON.stringify(view, null, 2); });
  }

  function receipt(status) {
    var id = document.getElementById('handoff').value.trim();
    fetch(origin + '/sandbox/receipts?handoffId=' + encodeURIComponent(id) + '&status=' + status, { method: 'POST' })
      .then(function () { timeline(); refresh(); });
  }

  function post(path, then) {
    var id = document.getElementById('handoff').value.trim();
    fetch(origin + path + '?handoffId=' + encodeURIComponent(id), { method: 'POST' })
      .then(function (r) { return r.text(); }).then(function (text) { then(text); timeline(); refresh(); });
  }

  document.getElementById('lookup').addEventListener('submit', timeline);
  document.getElementById('decision').addEventListener('click', function () {
    post('/sandbox/decision', function (text) { document.getElementById('decision-answer').textContent = 'Decision: ' + text; });
  });
  document.getElementById('hangup').addEventListener('click', function () { post('/sandbox/hangup', function () {}); });
  // Genesys analytics then shows a later call from the same number: the outcome is repeat_contact.
  document.getElementById('call-again').addEventListener('click', function () { post('/sandbox/call-again', function () {}); });
  document.getElementById('delivered').addEventListener('click', function () { receipt('delivered'); });
  document.getElementById('failed').addEventListener('click', function () { receipt('failed'); });
  var fromQuery = new URLSearchParams(location.search).get('handoff');
  if (fromQuery) {
    document.getElementById('handoff').value = fromQuery;
    timeline();
  }
  refresh();
  setInterval(refresh, 2000);
}());
