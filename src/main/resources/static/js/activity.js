// Sync activity: GET /api/activity (one row per record) or GET /api/batches (one row per batch) with the tab's
// direction and the filters, keyset-paged (beforeId). A batch opens onto its records (GET /api/batches/{id}); its
// failed outbound records are retried one by one or all at once (POST /api/contacts/{id}/sync, or .../updates/retry).
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
      b.objectTypes || '–', Sync.el('td', b.status.toLowerCase(), 'status-' + b.status.toLowerCase()),
      b.created, b.updated, b.deleted, b.skipped, b.failed, b.durationMs + ' ms', open]);
  }

  /** A failed outbound record of a contact can be sent again: a create by "sync now", an update by its retry. */
  function retryUrl(a) {
    if (a.direction !== 'OUTBOUND' || a.outcome !== 'FAILED' || !a.contactId) return null;
    return '/api/contacts/' + a.contactId + (a.action && a.action.startsWith('UPDATE') ? '/updates/retry' : '/sync');
  }

  async function retry(urls) {
    const done = [], refused = [];
    for (const url of urls) {
      try { await Sync.api('POST', url); done.push(url); } catch (e) { refused.push(e.message); }
    }
    Sync.message($('retry-status'), (done.length ? 'Queued for Salesforce again: ' + done.length + ' record'
      + (done.length === 1 ? '' : 's') + '.' : '') + (refused.length ? ' Not retried: ' + refused.join('; ') : ''),
      refused.length ? 'error' : 'ok');
  }

  async function openBatch(id) {
    try {
      const v = await Sync.api('GET', '/api/batches/' + id);
      const b = v.batch;
      $('batch-title').textContent = 'Batch ' + b.id + ': ' + b.direction.toLowerCase() + ' '
        + b.kind.toLowerCase().replace('_', ' ') + (b.objectTypes ? ' (' + b.objectTypes + ')' : '') + ', '
        + b.status.toLowerCase();
      $('batch-summary').textContent = Sync.time(b.startedAt) + ', ' + b.durationMs + ' ms: ' + b.created
        + ' created, ' + b.updated + ' updated, ' + b.deleted + ' deleted, ' + b.skipped + ' skipped, ' + b.failed
        + ' failed.';
      const urls = [];
      $('batch-records').replaceChildren(...v.records.map(a => {
        const cell = document.createElement('td');
        const url = retryUrl(a);
        if (url) {
          urls.push(url);
          const button = Sync.el('button', 'Retry');
          button.type = 'button';
          button.setAttribute('aria-label', 'Retry contact ' + a.contactId);
          button.addEventListener('click', () => retry([url]));
          cell.appendChild(button);
        }
        return Sync.row([Sync.time(a.occurredAt), a.objectType || '–', a.sfId || '–', a.contactId || '–',
          Sync.el('td', a.outcome.toLowerCase(), 'outcome outcome-' + a.outcome.toLowerCase()), a.action || '–',
          a.reason || '–', a.message || '', cell]);
      }));
      $('retry-all').disabled = !urls.length;
      $('retry-all').onclick = () => retry(urls);
      Sync.message($('retry-status'), '', '');
      $('batch-detail').hidden = false;
      $('batch-title').focus();
    } catch (e) {
      $('activity-error').textContent = 'Could not open batch ' + id + ': ' + e.message;
      $('activity-error').hidden = false;
    }
  }

  async function load() {
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
  $('close-batch').addEventListener('click', () => { $('batch-detail').hidden = true; $('activity-panel').focus(); });

  $('filters').addEventListener('submit', ev => { ev.preventDefault(); cursors = [null]; load(); });
  $('older').addEventListener('click', () => { cursors.push(Number($('older').dataset.next)); load(); });
  $('newer').addEventListener('click', () => { if (cursors.length > 1) { cursors.pop(); load(); } });

  load();
  // /activity?batch=<id> opens that batch (a link from elsewhere, or a bookmark).
  const linked = new URLSearchParams(location.search).get('batch');
  if (linked) openBatch(Number(linked));
})();
