// Fields: the field map per object, each mode saved at once (PUT /api/settings/fields/{object}/{field}), custom
// mappings added the same way, the change history, and one contact's provenance on request.
'use strict';
(function () {
  const $ = id => document.getElementById(id);
  const OBJECTS = ['Lead', 'Contact', 'Account'];
  const options = $('mode-options');
  let saving = Promise.resolve();

  function path(object, field) {
    return '/api/settings/fields/' + encodeURIComponent(object) + '/' + encodeURIComponent(field);
  }

  function modeSelect(m) {
    const select = document.createElement('select');
    select.id = 'mode-' + m.object + '-' + m.salesforceField;
    select.setAttribute('aria-label', 'Sync mode of ' + m.object + ' ' + m.salesforceField);
    select.appendChild(options.content.cloneNode(true));
    select.value = m.mode;
    select.dataset.saved = m.mode;
    select.addEventListener('change', () => {
      const next = select.value;
      saving = saving.then(() => saveMode(m, select, next));
    });
    return select;
  }

  async function saveMode(m, select, next) {
    const before = select.dataset.saved;
    if (before === next) return;
    Sync.message($('save-status'), 'Saving…', 'busy');
    try {
      render(await Sync.api('PUT', path(m.object, m.salesforceField), {mode: next}));
      Sync.message($('save-status'), 'Saved: ' + m.object + ' ' + m.salesforceField + ': ' + before + ' → ' + next
        + '. Applies to changes from now on.', 'ok');
      $(select.id) && $(select.id).focus();
      await loadHistory();
    } catch (e) {
      select.value = before;
      Sync.message($('save-status'), 'Not saved: ' + e.message, 'error');
    }
  }

  function render(mappings) {
    const sections = OBJECTS.map(object => {
      const rows = mappings.filter(m => m.object === object);
      const wrap = Sync.el('div', null, 'table-wrap');
      const title = Sync.el('h3', object);
      title.id = 'mappings-' + object;
      const table = document.createElement('table');
      table.setAttribute('aria-labelledby', title.id);
      const head = document.createElement('thead');
      head.appendChild(Sync.row(['Salesforce field', 'Conversion field', 'Sync mode'].map(t => {
        const th = Sync.el('th', t);
        th.scope = 'col';
        return th;
      })));
      const body = document.createElement('tbody');
      body.id = 'fields-' + object;
      rows.forEach(m => {
        const cell = document.createElement('td');
        cell.appendChild(modeSelect(m));
        body.appendChild(Sync.row([m.salesforceField, m.conversionField, cell]));
      });
      if (!rows.length) body.appendChild(Sync.row(['No fields mapped', '', '']));
      table.append(head, body);
      wrap.appendChild(table);
      const section = document.createElement('div');
      section.append(title, wrap);
      return section;
    });
    $('mappings').replaceChildren(...sections);
  }

  function describe(m) {
    return m ? m.salesforceField + ' ⇄ ' + m.conversionField + ' (' + m.mode + ')' : 'not mapped';
  }

  async function loadHistory() {
    try {
      const rows = await Sync.api('GET', '/api/settings/fields/history?limit=20');
      history(rows.map(h => {
        const m = h.after || h.before;
        return Sync.row([Sync.time(h.changedAt), h.changedBy, m.object + ': ' + describe(h.before) + ' → '
          + describe(h.after)]);
      }));
      if (!rows.length) history([Sync.row(['–', '–', 'No changes yet'])]);
    } catch (e) {
      history([Sync.row(['–', '–', 'History not available: ' + e.message])]);
    }
  }

  function history(rows) {
    $('history').replaceChildren(...rows);
  }

  async function loadMappings() {
    try {
      render(await Sync.api('GET', '/api/settings/fields'));
    } catch (e) {
      $('mappings').replaceChildren(Sync.el('p', 'Field mappings not available: ' + e.message, 'error'));
    }
  }

  $('add-mapping').addEventListener('submit', ev => {
    ev.preventDefault();
    const object = $('add-object').value;
    const field = $('add-salesforce-field').value.trim();
    const body = {conversionField: $('add-conversion-field').value.trim(), mode: $('add-mode').value};
    saving = saving.then(async () => {
      Sync.message($('add-status'), 'Checking ' + object + ' ' + field + ' with Salesforce…', 'busy');
      try {
        render(await Sync.api('PUT', path(object, field), body));
        Sync.message($('add-status'), 'Added: ' + object + ' ' + field + ' ⇄ ' + body.conversionField + ' ('
          + body.mode + ').', 'ok');
        $('add-salesforce-field').value = '';
        $('add-conversion-field').value = '';
        await loadHistory();
      } catch (e) {
        Sync.message($('add-status'), 'Not added: ' + e.message, 'error');
      }
    });
  });

  $('find-provenance').addEventListener('submit', async ev => {
    ev.preventDefault();
    const email = $('provenance-email').value.trim();
    Sync.message($('provenance-status'), 'Looking up ' + email + '…', 'busy');
    try {
      const contact = await Sync.api('GET', '/api/contacts?email=' + encodeURIComponent(email));
      const p = await Sync.api('GET', '/api/contacts/' + contact.id + '/fields');
      $('provenance').replaceChildren(...p.fields.map(f => Sync.row([f.object, f.salesforceField, f.conversionField,
        f.mode, f.value === null ? '(empty)' : f.value,
        f.salesforceChangedAt || f.salesforceValue !== null
          ? (f.salesforceValue === null ? '(empty)' : f.salesforceValue) + ' (' + Sync.time(f.salesforceChangedAt) + ')'
          : '–',
        Sync.time(f.conversionChangedAt),
        f.lastSource ? f.lastSource.toLowerCase() + ' (' + Sync.time(f.lastChangedAt) + ')' : '–'])));
      Sync.message($('provenance-status'), 'Contact ' + p.contactId + ' (' + p.email + '): ' + p.fields.length
        + ' mapped fields.', 'ok');
    } catch (e) {
      $('provenance').replaceChildren(Sync.row(['–', '', '', '', '', '', '', '']));
      Sync.message($('provenance-status'), e.message, 'error');
    }
  });

  loadMappings();
  loadHistory();
})();
