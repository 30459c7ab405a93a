// The status page's behaviour: live progress of running runs and the Retry buttons.
// Plain JavaScript, no build step; values from the server are only ever set as textContent.
(function () {
  'use strict';

  var POLL_MS = 2000;
  var numberFormat = new Intl.NumberFormat('en-US');

  function getJson(url, options) {
    return fetch(url, Object.assign({credentials: 'same-origin', headers: {'Accept': 'application/json'}}, options || {}))
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          return {status: response.status, body: body};
        });
      });
  }

  function setField(row, name, text) {
    var cell = row.querySelector('[data-field="' + name + '"]');
    if (cell) {
      cell.textContent = text;
    }
  }

  function pollRunning() {
    var rows = document.querySelectorAll('tr[data-run-id]');
    if (rows.length === 0) {
      return;
    }
    var finished = 0;
    var pending = rows.length;
    rows.forEach(function (row) {
      getJson('/runs/' + encodeURIComponent(row.getAttribute('data-run-id'))).then(function (answer) {
        if (answer.status === 200) {
          var run = answer.body;
          setField(row, 'rows', numberFormat.format(run.progress.rows));
          setField(row, 'csv_bytes', numberFormat.format(run.progress.csv_bytes));
          setField(row, 'status', run.status);
          if (run.status !== 'running') {
            row.removeAttribute('data-run-id');
            finished++;
          }
        }
      }).catch(function () { /* try again on the next tick */ }).then(function () {
        pending--;
        if (pending === 0 && finished > 0) {
          // A run ended: its files and outcome are in the ledger now.
          window.setTimeout(function () { window.location.reload(); }, 500);
        }
      });
    });
  }

  function retry(button) {
    var output = button.parentNode.querySelector('output.retry-result');
    button.disabled = true;
    output.textContent = 'Retrying...';
    var url = '/exports/' + encodeURIComponent(button.getAttribute('data-export')) + '/runs/'
      + encodeURIComponent(button.getAttribute('data-date')) + '/retry';
    getJson(url, {method: 'POST'}).then(function (answer) {
      var body = answer.body || {};
      var landed = (body.files || []).filter(function (f) { return f.result === 'landed'; }).length;
      if (answer.status === 200) {
        output.textContent = 'Retry succeeded: ' + (body.message || (landed + ' file(s) landed'));
        output.className = 'retry-result ok';
        window.setTimeout(function () { window.location.reload(); }, 1500);
      } else {
        output.textContent = 'Retry did not complete (HTTP ' + answer.status + '): ' + (body.message || body.error || '');
        output.className = 'retry-result error';
        button.disabled = false;
      }
    }).catch(function (e) {
      output.textContent = 'Retry failed: ' + e;
      output.className = 'retry-result error';
      button.disabled = false;
    });
  }

  document.querySelectorAll('button.retry').forEach(function (button) {
    button.addEventListener('click', function () { retry(button); });
  });
  window.setInterval(pollRunning, POLL_MS);
  pollRunning();
}());
