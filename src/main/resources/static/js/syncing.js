// Settings → Syncing: every change is saved at once (PUT /api/settings/sync), confirmed, and shown in the history.
'use strict';
(function () {
  const form = document.getElementById('settings');
  const status = document.getElementById('save-status');
  const history = document.getElementById('history');
  const accountOptions = document.getElementById('account-options');
  const leadsNote = document.getElementById('account-options-leads');

  const LABELS = {
    'inbound.leads': 'Sync Leads', 'inbound.contacts': 'Sync Contacts', 'inbound.accounts': 'Sync Accounts',
    'outbound.enabled': 'Sync to Salesforce', 'outbound.createAs': 'Create new records as',
    'outbound.linkToAccountsByDomain': 'Link to existing Accounts by domain',
    'outbound.createAccounts': 'Create new Accounts'
  };
  const EFFECT = {
    'inbound.leads': [' Existing data and connections stay; changes made while it was off are not synced.',
      ' Leads are paused; existing data and connections stay.'],
    'outbound.enabled': [' Changes made while it was off are not synced retroactively.',
      ' Read-only mode: changes stop flowing to Salesforce.']
  };
  EFFECT['inbound.contacts'] = EFFECT['inbound.leads'].map(s => s.replace('Leads', 'Contacts'));
  EFFECT['inbound.accounts'] = EFFECT['inbound.leads'].map(s => s.replace('Leads', 'Accounts'));

  function show(value) {
    if (typeof value === 'boolean') return value ? 'on' : 'off';
    if (value === 'LEAD') return 'Leads';
    if (value === 'CONTACT') return 'Contacts';
    return String(value);
  }

  function read() {
    const checked = id => document.getElementById(id).checked;
    return {
      inbound: {leads: checked('inbound-leads'), contacts: checked('inbound-contacts'),
        accounts: checked('inbound-accounts')},
      outbound: {enabled: checked('outbound-enabled'),
        createAs: form.querySelector('input[name="outbound.createAs"]:checked').value,
        linkToAccountsByDomain: checked('outbound-link'), createAccounts: checked('outbound-create-accounts')}
    };
  }

  function write(s) {
    document.getElementById('inbound-leads').checked = s.inbound.leads;
    document.getElementById('inbound-contacts').checked = s.inbound.contacts;
    document.getElementById('inbound-accounts').checked = s.inbound.accounts;
    document.getElementById('outbound-enabled').checked = s.outbound.enabled;
    document.getElementById(s.outbound.createAs === 'LEAD' ? 'create-as-lead' : 'create-as-contact').checked = true;
    document.getElementById('outbound-link').checked = s.outbound.linkToAccountsByDomain;
    document.getElementById('outbound-create-accounts').checked = s.outbound.createAccounts;
    const leads = s.outbound.createAs === 'LEAD';
    accountOptions.disabled = leads;
    leadsNote.hidden = !leads;
  }

  function flatten(s) {
    const out = {};
    if (!s) return out;
    Object.keys(s).forEach(group => Object.keys(s[group]).forEach(k => { out[group + '.' + k] = s[group][k]; }));
    return out;
  }

  function changes(before, after) {
    const b = flatten(before), a = flatten(after);
    return Object.keys(LABELS).filter(k => before && b[k] !== a[k])
      .map(k => ({key: k, text: LABELS[k] + ': ' + show(b[k]) + ' → ' + show(a[k]), after: a[k]}));
  }

  async function loadHistory() {
    try {
      const rows = await Sync.api('GET', '/api/settings/sync/history?limit=20');
      history.replaceChildren(...rows.map(h => {
        const diff = changes(h.previous, h.settings);
        const what = h.previous ? (diff.length ? diff.map(d => d.text).join('; ') : 'no change') : 'initial settings';
        return Sync.row([Sync.time(h.changedAt), h.changedBy, what]);
      }));
      if (!rows.length) history.replaceChildren(Sync.row(['–', '–', 'No changes yet']));
    } catch (e) {
      history.replaceChildren(Sync.row(['–', '–', 'History not available: ' + e.message]));
    }
  }

  let saved = read();
  let saving = Promise.resolve();

  form.addEventListener('change', () => {
    const next = read();
    write(next);
    saving = saving.then(async () => {
      const diff = changes(saved, next);
      if (!diff.length) return;
      Sync.message(status, 'Saving…', 'busy');
      try {
        const result = await Sync.api('PUT', '/api/settings/sync', next);
        const effect = diff.map(d => EFFECT[d.key] ? EFFECT[d.key][d.after ? 0 : 1] : ' Applies to future new contacts only.');
        saved = result;
        write(result);
        Sync.message(status, 'Saved: ' + diff.map(d => d.text).join('; ') + '.' + effect.join(''), 'ok');
        await loadHistory();
      } catch (e) {
        write(saved);
        Sync.message(status, 'Not saved: ' + e.message, 'error');
      }
    });
  });

  loadHistory();
})();
