// hookgate console: the only script (CSP: script-src 'self'). Auto-refresh of lists and of a running replay job.
(function () {
  'use strict';
  var KEY = 'hookgate.autorefresh';
  function schedule(seconds) {
    window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
  }
  document.addEventListener('DOMContentLoaded', function () {
    var toggle = document.querySelector('input[data-autorefresh]');
    if (toggle) {
      toggle.checked = window.localStorage.getItem(KEY) === 'on';
      toggle.addEventListener('change', function () {
        window.localStorage.setItem(KEY, toggle.checked ? 'on' : 'off');
        if (toggle.checked) { schedule(Number(toggle.dataset.autorefresh)); }
      });
      if (toggle.checked) { schedule(Number(toggle.dataset.autorefresh)); }
    }
    var running = document.querySelector('[data-refresh]');
    if (running) { schedule(Number(running.dataset.refresh)); }
  });
})();
