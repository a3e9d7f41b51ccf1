// Dashboard: polls GET /api/dashboard; starts the initial import (POST /api/sync/initial-import); "sync now" by email.
'use strict';
(function () {
  const $ = id => document.getElementById(id);
  const POLL_MS = 3000;
  let timer = null;

  function fmt(n) { return n === null || n === undefined ? 'unknown' : Number(n).toLocaleString(); }

  function renderDashboard(d) {
    const channels = d.inbound.channels;
    $('streams').replaceChildren(...(channels.length ? channels.map(c => {
      const state = Sync.el('td', c.state, 'state state-' + c.state.toLowerCase());
      return Sync.row([c.object, state, Sync.time(c.lastEventAt), c.restarts, c.lastError || '–']);
    }) : [Sync.row(['–', 'No inbound stream started yet', '', '', ''])]));
    $('queued').textContent = fmt(d.inbound.queued);
    $('pending').textContent = fmt(d.outbound.pending);
    $('failed').textContent = fmt(d.outbound.failed);
    $('dead-letters').textContent = fmt(d.outbound.deadLetters);
    $('dlq-name').textContent = d.outbound.deadLetterQueue;
    $('updates-pending').textContent = fmt(d.outbound.updatesPending);
    $('updates-failed').textContent = fmt(d.outbound.updatesFailed);
    $('outbound-waiting').textContent = d.outbound.waitingFor ? 'Waiting: ' + d.outbound.waitingFor : '';
    $('outbound-waiting').hidden = !d.outbound.waitingFor;
    const api = d.salesforceApi;
    $('api-used').textContent = fmt(api.used);
    $('api-max').textContent = fmt(api.max);
    $('api-remaining').textContent = fmt(api.remaining);
    $('api-reserve').textContent = fmt(api.reserve);
    $('api-state').textContent = api.state || '–';
    $('api-note').textContent = api.waitingFor ? api.waitingFor
      : 'From the Sforce-Limit-Info header of Salesforce\'s answers'
        + (api.readAt ? ' (last ' + Sync.time(api.readAt) + ').' : '.');
  }

  function renderImport(run) {
    if (!run) {
      $('import-objects').replaceChildren(Sync.row(['–', 'No import has run since the start.', '', '', '', '']));
      $('start-import').disabled = false;
      return;
    }
    $('start-import').disabled = run.state === 'RUNNING';
    $('import-objects').replaceChildren(...run.objects.map(o => {
      const progress = Sync.el('td');
      const bar = document.createElement('progress');
      bar.max = o.totalSize || 1;
      bar.value = o.totalSize ? o.read : (o.state === 'DONE' ? 1 : 0);
      bar.setAttribute('aria-label', o.object + ' import progress');
      progress.append(bar, ' ' + (o.totalSize === null ? '' : fmt(o.read) + ' / ' + fmt(o.totalSize)));
      const skipped = Object.entries(o.skipped || {}).map(([k, v]) => k + ' ' + v).join(', ') || '0';
      return Sync.row([o.object, o.state + (o.error ? ': ' + o.error : ''), progress, fmt(o.read), fmt(o.applied), skipped]);
    }));
    if (run.state !== 'RUNNING' && $('import-status').dataset.run === run.id) {
      Sync.message($('import-status'), 'Initial import ' + run.state.toLowerCase() + '.', run.state === 'DONE' ? 'ok' : 'error');
      delete $('import-status').dataset.run;
    }
  }

  async function refresh() {
    clearTimeout(timer);
    try {
      const d = await Sync.api('GET', '/api/dashboard');
      renderDashboard(d);
      renderImport(d.initialImport);
      $('dashboard-error').hidden = true;
      $('refreshed').textContent = 'Last refreshed ' + new Date().toLocaleTimeString() + '.';
    } catch (e) {
      $('dashboard-error').textContent = 'Could not refresh: ' + e.message;
      $('dashboard-error').hidden = false;
    }
    if (!document.hidden) timer = setTimeout(refresh, POLL_MS);
  }

  document.addEventListener('visibilitychange', () => { if (!document.hidden) refresh(); });

  $('start-import').addEventListener('click', async () => {
    $('start-import').disabled = true;
    try {
      const run = await Sync.api('POST', '/api/sync/initial-import');
      $('import-status').dataset.run = run.id;
      Sync.message($('import-status'), 'Initial import started.', 'ok');
      renderImport(run);
    } catch (e) {
      Sync.message($('import-status'), 'Not started: ' + e.message, 'error');
      $('start-import').disabled = false;
    }
    refresh();
  });

  let found = null;
  $('find-contact').addEventListener('submit', async ev => {
    ev.preventDefault();
    found = null;
    $('sync-now').hidden = true;
    const email = $('contact-email').value.trim();
    try {
      const c = await Sync.api('GET', '/api/contacts?email=' + encodeURIComponent(email));
      found = c;
      const sf = c.salesforce;
      const ids = [sf.leadId && 'Lead ' + sf.leadId, sf.contactId && 'Contact ' + sf.contactId,
        sf.accountId && 'Account ' + sf.accountId].filter(Boolean).join(', ') || 'no Salesforce record';
      Sync.message($('contact-result'), 'Contact ' + c.id + ' (' + c.email + '): ' + c.syncStatus + ', ' + ids
        + (c.syncError ? '. Last error: ' + c.syncError : '.'), '');
      $('sync-now').hidden = false;
      $('sync-now').disabled = c.syncStatus === 'SYNCED' || c.syncStatus === 'PENDING';
    } catch (e) {
      Sync.message($('contact-result'), e.message, 'error');
    }
  });

  $('sync-now').addEventListener('click', async () => {
    if (!found) return;
    try {
      const r = await Sync.api('POST', '/api/contacts/' + found.id + '/sync');
      Sync.message($('contact-result'), 'Contact ' + r.id + ' (' + r.email + ') queued for Salesforce: ' + r.syncStatus + '.', 'ok');
      $('sync-now').disabled = true;
    } catch (e) {
      Sync.message($('contact-result'), 'Not queued: ' + e.message, 'error');
    }
  });

  refresh();
})();
