// Shared by the pages: JSON calls to the service's API with the login session and the CSRF header.
'use strict';
window.Sync = (function () {
  function csrfToken() {
    const m = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : '';
  }

  /** fetch() + JSON; rejects with an Error carrying the server's message (and .status). */
  async function api(method, url, body) {
    const headers = {'Accept': 'application/json', 'X-Requested-With': 'XMLHttpRequest'};
    if (method !== 'GET') headers['X-XSRF-TOKEN'] = csrfToken();
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(url, {method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body)});
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
    if (!res.ok) {
      let message = json && json.message ? json.message : res.status + ' ' + res.statusText;
      if (res.status === 401) message = 'Your session has ended: reload the page to log in again.';
      if (res.status === 403 && !(json && json.message)) message = 'Refused (403): reload the page and try again.';
      const err = new Error(message);
      err.status = res.status;
      err.body = json;
      throw err;
    }
    return json;
  }

  /** Creates an element with text content (never innerHTML: values come from Salesforce and users). */
  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function row(cells) {
    const tr = document.createElement('tr');
    cells.forEach(c => tr.appendChild(c instanceof Node ? c : el('td', c)));
    return tr;
  }

  function time(iso) {
    if (!iso) return '–';
    const d = new Date(iso);
    return isNaN(d) ? iso : d.toLocaleString();
  }

  function message(target, text, kind) {
    target.textContent = text;
    target.className = 'status ' + (kind || '');
  }

  return {api, el, row, time, message};
})();
