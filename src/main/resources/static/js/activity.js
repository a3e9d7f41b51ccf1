// Sync activity: GET /api/activity (one row per record) or GET /api/batches (one row per batch) with the tab's
// direction and the filters, keyset-paged (beforeId). A batch opens onto its records (GET /api/batches/{id}); its
// failed outbound records are retried one by one or all at once (POST /api/contacts/{id}/sync, or .../updates/retry),
// its failed inbound records are read again from Salesforce (POST /api/inbound/records/{object}/{id}/reread, or
// POST /api/batches/{id}/retry for all). While a batch shown is in progress, the list and the open batch refresh.
'use strict';
(function () {
  const $ = id => document.getElementById(id);
  const PAGE = 50;
  const tabs = Array.from(document.querySelectorAll('[role="tab"]'));
  let direction = '';
  let view = 'records';
  const RECORD_HEAD = ['Time', 'Direction', 'Object', 'Salesforce id', 'Contact', 'Outcome', 'Action', 'Reason', 'Message'];
  const BATCH_HEAD = ['Time', 'Direction', 'Kind', 'Object', 'Status', 'Created', 'Updated', 'Deleted', 'Skipped',
    'Failed', 'Duration', 'Records'];
  let cursors = [null];   // beforeId of each page shown so far; the last is the current page
  const REFRESH_MS = 2000;
  let listTimer = null, batchTimer = null;

  const statusText = s => s.toLowerCase().replace('_', ' ');
  function duration(b) {
    if (b.status !== 'IN_PROGRESS') return b.durationMs + ' ms';
    return 'running ' + Math.max(0, Math.round((Date.now() - Date.parse(b.startedAt)) / 1000)) + ' s';
  }

  function query(beforeId) {
    const p = new URLSearchParams();
    if (direction) p.set('direction', direction);
    const from = $('from').value, to = $('to').value;
    if (from) p.set('from', new Date(from).toISOString());
    if (to) p.set('to', new Date(to).toISOString());
    if ($('object').value) p.set('object', $('object').value);
    if (view === 'records' && $('outcome').value) p.set('outcome', $('outcome').value);
    if (view === 'batches' && $('status').value) p.set('status', $('status').value);
    if (beforeId) p.set('beforeId', beforeId);
    p.set('limit', PAGE + 1);
    return (view === 'batches' ? '/api/batches?' : '/api/activity?') + p;
  }

  function head(names) {
    const tr = Sync.row(names.map(n => { const th = Sync.el('th', n); th.scope = 'col'; return th; }));
    $('activity-head').replaceChildren(tr);
  }

  function recordRow(a) {
    return Sync.row([Sync.time(a.occurredAt), a.direction.toLowerCase(), a.objectType || '–', a.sfId || '–',
      a.contactId || '–', Sync.el('td', a.outcome.toLowerCase(), 'outcome outcome-' + a.outcome.toLowerCase()),
      a.action || '–', a.reason || '–', a.message || '']);
  }

  function batchRow(b) {
    const open = document.createElement('td');
    const button = Sync.el('button', 'Open');
    button.type = 'button';
    button.id = 'open-batch-' + b.id;
    button.setAttribute('aria-label', 'Open batch ' + b.id);
    button.addEventListener('click', () => openBatch(b.id));
    open.appendChild(button);
    return Sync.row([Sync.time(b.startedAt), b.direction.toLowerCase(), b.kind.toLowerCase().replace('_', ' '),
      b.objectTypes || '–', Sync.el('td', statusText(b.status), 'status-' + b.status.toLowerCase()),
      b.created, b.updated, b.deleted, b.skipped, b.failed, duration(b), open]);
  }

  /**
   * A failed outbound record of a contact can be sent again: a create by "sync now", an update by its retry. A
   * failed inbound record is read again from Salesforce and applied as a change (a RETRY batch of its own).
   */
  function retryUrl(a) {
    if (a.outcome !== 'FAILED') return null;
    if (a.direction === 'INBOUND') {
      if (!a.sfId || !a.objectType) return null;
      return '/api/inbound/records/' + encodeURIComponent(a.objectType) + '/' + encodeURIComponent(a.sfId)
        + '/reread';
    }
    if (!a.contactId) return null;
    return '/api/contacts/' + a.contactId + (a.action && a.action.startsWith('UPDATE') ? '/updates/retry' : '/sync');
  }

  /** What a retry answered: outbound "queued for Salesforce", inbound the RETRY batches reading the records again. */
  async function retry(urls) {
    const refused = [], batches = [];
    let outbound = 0;
    for (const url of urls) {
      try {
        const answer = await Sync.api('POST', url);
        if (answer && answer.retries) answer.retries.forEach(r => batches.push(r.batchId));
        else outbound++;
      } catch (e) { refused.push(e.message); }
    }
    let text = '';
    if (batches.length) {
      text = 'Reading again from Salesforce: retry batch ' + batches.join(', ') + ' (in progress).';
    }
    if (outbound > 0) {
      text += (text ? ' ' : '') + 'Queued for Salesforce again: ' + outbound + ' record' + (outbound === 1 ? '' : 's')
        + '.';
    }
    Sync.message($('retry-status'), text + (refused.length ? ' Not retried: ' + refused.join('; ') : ''),
      refused.length ? 'error' : 'ok');
    if (batches.length && view === 'batches') load();
  }

  async function openBatch(id, refresh) {
    clearTimeout(batchTimer);
    try {
      const v = await Sync.api('GET', '/api/batches/' + id);
      const b = v.batch;
      $('batch-title').textContent = 'Batch ' + b.id + ': ' + b.direction.toLowerCase() + ' '
        + b.kind.toLowerCase().replace('_', ' ') + (b.objectTypes ? ' (' + b.objectTypes + ')' : '') + ', '
        + statusText(b.status);
      $('batch-title').dataset.status = b.status;
      $('batch-summary').textContent = Sync.time(b.startedAt) + ', ' + duration(b) + ': ' + b.created
        + ' created, ' + b.updated + ' updated, ' + b.deleted + ' deleted, ' + b.skipped + ' skipped, ' + b.failed
        + ' failed.' + (b.note ? ' ' + b.note : '');
      const urls = [];
      $('batch-records').replaceChildren(...v.records.map(a => {
        const cell = document.createElement('td');
        const url = retryUrl(a);
        if (url) {
          urls.push(url);
          const button = Sync.el('button', 'Retry');
          button.type = 'button';
          button.id = 'retry-' + a.id;
          button.setAttribute('aria-label', a.direction === 'INBOUND' ? 'Read ' + a.objectType + ' ' + a.sfId
            + ' again from Salesforce' : 'Retry contact ' + a.contactId);
          button.addEventListener('click', () => retry([url]));
          cell.appendChild(button);
        }
        return Sync.row([Sync.time(a.occurredAt), a.objectType || '–', a.sfId || '–', a.contactId || '–',
          Sync.el('td', a.outcome.toLowerCase(), 'outcome outcome-' + a.outcome.toLowerCase()), a.action || '–',
          a.reason || '–', a.message || '', cell]);
      }));
      $('retry-all').disabled = !urls.length;
      // Inbound: one call reads every failed record of the batch again (one RETRY batch per object).
      $('retry-all').onclick = () => retry(b.direction === 'INBOUND' ? ['/api/batches/' + b.id + '/retry'] : urls);
      if (!refresh) Sync.message($('retry-status'), '', '');
      $('batch-detail').hidden = false;
      if (!refresh) $('batch-title').focus();
      if (b.status === 'IN_PROGRESS') batchTimer = setTimeout(() => openBatch(b.id, true), REFRESH_MS);
    } catch (e) {
      $('activity-error').textContent = 'Could not open batch ' + id + ': ' + e.message;
      $('activity-error').hidden = false;
    }
  }

  async function load() {
    clearTimeout(listTimer);
    const beforeId = cursors[cursors.length - 1];
    try {
      const rows = await Sync.api('GET', query(beforeId));
      const shown = rows.slice(0, PAGE);
      const names = view === 'batches' ? BATCH_HEAD : RECORD_HEAD;
      head(names);
      const empty = Sync.row([view === 'batches' ? 'No batch matches.' : 'No activity matches.']);
      empty.firstChild.colSpan = names.length;
      $('activity').replaceChildren(...(shown.length ? shown.map(view === 'batches' ? batchRow : recordRow) : [empty]));
      $('older').disabled = rows.length <= PAGE;
      $('older').dataset.next = shown.length ? shown[shown.length - 1].id : '';
      $('newer').disabled = cursors.length <= 1;
      $('page-info').textContent = 'Page ' + cursors.length;
      $('activity-error').hidden = true;
      // A batch still running: shown again until it is done (its counts and status change as it commits); the
      // first page also shows the batches that started since.
      if (view === 'batches' && shown.some(b => b.status === 'IN_PROGRESS')) {
        listTimer = setTimeout(load, REFRESH_MS);
      }
    } catch (e) {
      $('activity-error').textContent = 'Could not load the activity: ' + e.message;
      $('activity-error').hidden = false;
    }
  }

  function select(tab, focus) {
    tabs.forEach(t => {
      const on = t === tab;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
    });
    $('activity-panel').setAttribute('aria-labelledby', tab.id);
    if (focus) tab.focus();
    direction = tab.dataset.direction;
    cursors = [null];
    load();
  }

  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => select(tab, false));
    tab.addEventListener('keydown', ev => {
      const step = ev.key === 'ArrowRight' ? 1 : ev.key === 'ArrowLeft' ? -1 : 0;
      if (step) {
        ev.preventDefault();
        select(tabs[(i + step + tabs.length) % tabs.length], true);
      }
    });
  });

  document.querySelectorAll('input[name="view"]').forEach(r => r.addEventListener('change', () => {
    view = document.querySelector('input[name="view"]:checked').value;
    $('status-filter').hidden = view !== 'batches';
    $('outcome').parentElement.hidden = view === 'batches';
    cursors = [null];
    load();
  }));
  $('close-batch').addEventListener('click', () => {
    clearTimeout(batchTimer);
    $('batch-detail').hidden = true;
    $('activity-panel').focus();
  });

  $('filters').addEventListener('submit', ev => { ev.preventDefault(); cursors = [null]; load(); });
  $('older').addEventListener('click', () => { cursors.push(Number($('older').dataset.next)); load(); });
  $('newer').addEventListener('click', () => { if (cursors.length > 1) { cursors.pop(); load(); } });

  load();
  // /activity?batch=<id> opens that batch (a link from elsewhere, or a bookmark).
  const linked = new URLSearchParams(location.search).get('batch');
  if (linked) openBatch(Number(linked));
})();
