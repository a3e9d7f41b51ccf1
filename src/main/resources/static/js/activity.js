// Sync activity: GET /api/activity with the tab's direction and the filters, keyset-paged (beforeId).
'use strict';
(function () {
  const $ = id => document.getElementById(id);
  const PAGE = 50;
  const tabs = Array.from(document.querySelectorAll('[role="tab"]'));
  let direction = '';
  let cursors = [null];   // beforeId of each page shown so far; the last is the current page

  function query(beforeId) {
    const p = new URLSearchParams();
    if (direction) p.set('direction', direction);
    const from = $('from').value, to = $('to').value;
    if (from) p.set('from', new Date(from).toISOString());
    if (to) p.set('to', new Date(to).toISOString());
    if ($('object').value) p.set('object', $('object').value);
    if ($('outcome').value) p.set('outcome', $('outcome').value);
    if (beforeId) p.set('beforeId', beforeId);
    p.set('limit', PAGE + 1);
    return '/api/activity?' + p;
  }

  async function load() {
    const beforeId = cursors[cursors.length - 1];
    try {
      const rows = await Sync.api('GET', query(beforeId));
      const shown = rows.slice(0, PAGE);
      $('activity').replaceChildren(...(shown.length ? shown.map(a => Sync.row([Sync.time(a.occurredAt),
        a.direction.toLowerCase(), a.objectType || '–', a.sfId || '–', a.contactId || '–',
        Sync.el('td', a.outcome.toLowerCase(), 'outcome outcome-' + a.outcome.toLowerCase()),
        a.action || '–', a.reason || '–', a.message || ''])) : [Sync.row(['No activity matches.', '', '', '', '', '', '', '', ''])]));
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

  $('filters').addEventListener('submit', ev => { ev.preventDefault(); cursors = [null]; load(); });
  $('older').addEventListener('click', () => { cursors.push(Number($('older').dataset.next)); load(); });
  $('newer').addEventListener('click', () => { if (cursors.length > 1) { cursors.pop(); load(); } });

  load();
})();
