// The console's only script: the live part of an App page is fetched again as HTML when the App's
// event stream reports a change, and logs load into their <details> when opened. No framework; the
// server renders every piece of HTML, escaped.
'use strict';

(function () {
  const FETCH_HEADERS = { 'X-Console': 'fetch', 'Accept': 'text/html' };

  function signInAgain(response) {
    if (response.status === 401) {
      window.location.assign('/ui/sign-in?expired=1');
      return true;
    }
    return false;
  }

  async function loadLog(details) {
    if (details.dataset.loading === 'true') {
      return;
    }
    details.dataset.loading = 'true';
    const pre = details.querySelector('pre');
    const follow = details.dataset.follow === 'true';
    try {
      const response = await fetch(details.dataset.log + (follow ? '?follow=true' : ''),
        { headers: FETCH_HEADERS, credentials: 'same-origin' });
      if (signInAgain(response)) {
        return;
      }
      if (!response.ok) {
        let message = 'the log is not available (' + response.status + ')';
        try {
          message = (await response.json()).error.message;
        } catch (ignored) {
          // Not the API's JSON error: keep the status line.
        }
        pre.textContent = message;
        return;
      }
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      pre.textContent = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          break;
        }
        pre.textContent += decoder.decode(value, { stream: true });
      }
    } catch (e) {
      pre.textContent += '\n(the log stream ended: ' + e.message + ')';
    } finally {
      details.dataset.loaded = 'true';
    }
  }

  function loadOpenLogs(root) {
    root.querySelectorAll('details.log[open]').forEach(loadLog);
  }

  document.addEventListener('toggle', function (event) {
    const details = event.target;
    if (details instanceof HTMLDetailsElement && details.classList.contains('log') && details.open
        && details.dataset.loaded !== 'true') {
      loadLog(details);
    }
  }, true);

  function followLivePart(live) {
    let queued = false;
    async function refresh() {
      queued = false;
      // Redrawing would drop what the user is typing into a form of the live part: later.
      const active = document.activeElement;
      if (active && live.contains(active) && active.closest('form')) {
        changed();
        return;
      }
      const open = new Set([...live.querySelectorAll('details.log[open]')].map(d => d.dataset.log));
      const response = await fetch(live.dataset.live, { headers: FETCH_HEADERS, credentials: 'same-origin' });
      if (signInAgain(response) || !response.ok) {
        return;
      }
      live.innerHTML = await response.text();
      live.querySelectorAll('details.log').forEach(d => {
        if (open.has(d.dataset.log)) {
          d.open = true;
        }
      });
      loadOpenLogs(live);
    }
    function changed() {
      // Several events of one change (a step, then the release) make one fetch.
      if (!queued) {
        queued = true;
        setTimeout(refresh, document.activeElement && live.contains(document.activeElement) ? 1000 : 150);
      }
    }
    const events = new EventSource(live.dataset.events, { withCredentials: true });
    ['release', 'release-step', 'build'].forEach(type => events.addEventListener(type, changed));
    // A stream that comes back may have missed a change while it was away.
    events.addEventListener('open', changed);
    events.addEventListener('error', async function () {
      if (events.readyState === EventSource.CLOSED) {
        const probe = await fetch(live.dataset.live, { headers: FETCH_HEADERS, credentials: 'same-origin' });
        signInAgain(probe);
      }
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    loadOpenLogs(document);
    document.querySelectorAll('[data-live][data-events]').forEach(followLivePart);
  });
})();
