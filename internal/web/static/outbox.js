// The field app's outbox: forms saved on the phone while there is no
// network, sent in the order they were written when it returns. Each entry
// carries its own Idempotency-Key, made on the phone, so a send repeated
// (a dropped answer, the page and the service worker at once) never
// records twice. Pages and the service worker (importScripts) share it.
var cchcOutbox = (function () {
  var NAME = 'cchc-outbox', STORE = 'entries';
  var opened;

  function open() {
    if (!opened) {
      opened = new Promise(function (ok, fail) {
        var r = indexedDB.open(NAME, 1);
        r.onupgradeneeded = function () { r.result.createObjectStore(STORE, { keyPath: 'id', autoIncrement: true }); };
        r.onsuccess = function () { ok(r.result); };
        r.onerror = function () { opened = null; fail(r.error); };
      });
    }
    return opened;
  }

  // run does one request in a transaction and resolves with its result once
  // the transaction has committed.
  function run(mode, fn) {
    return open().then(function (db) {
      return new Promise(function (ok, fail) {
        var t = db.transaction(STORE, mode);
        var req = fn(t.objectStore(STORE));
        t.oncomplete = function () { ok(req.result); };
        t.onerror = t.onabort = function () { fail(t.error); };
      });
    });
  }

  function list() {
    return run('readonly', function (s) { return s.getAll(); }).then(function (all) {
      return all.sort(function (a, b) { return a.id - b.id; });
    });
  }
  function get(id) { return run('readonly', function (s) { return s.get(id); }); }
  function put(e) { return run('readwrite', function (s) { return s.put(e); }); }
  function remove(id) { return run('readwrite', function (s) { return s.delete(id); }); }

  function newKey() {
    if (self.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
  }

  // body rebuilds the form; a fresh CSRF token (after a new login) replaces
  // the one saved with it.
  function body(e, csrf) {
    var fd = new FormData();
    e.fields.forEach(function (f) {
      var v = f[1];
      if (f[0] === 'csrf' && csrf) fd.append('csrf', csrf);
      else if (v && typeof v === 'object' && v.blob) fd.append(f[0], v.blob, v.name);
      else fd.append(f[0], v);
    });
    return fd;
  }

  function text(s) {
    return s.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
  }

  // refusal pulls the person's words out of a refused answer: the messages
  // under the fields, else the error page's paragraph. No DOM here: the
  // service worker has none.
  function refusal(html) {
    var out = [], re = /<p class="field-error"[^>]*>([\s\S]*?)<\/p>/g, m;
    while ((m = re.exec(html))) {
      var t = text(m[1]);
      if (t && out.indexOf(t) < 0) out.push(t);
    }
    if (!out.length && (m = /<main[\s\S]*?<p[^>]*>([\s\S]*?)<\/p>/.exec(html))) out.push(text(m[1]));
    return out.join(' ') || 'Máy chủ không nhận nội dung này.';
  }

  // States of an entry.
  var WAITING = 'waiting', REFUSED = 'refused', SIGNIN = 'signin';

  // sendOne posts one entry and says what became of it: 'sent', 'refused'
  // (kept with the server's message), 'signin' (the session has ended: kept
  // for after the next login) or 'later' (no network, or the server busy).
  function sendOne(e, csrf) {
    return fetch(e.url, { method: 'POST', body: body(e, csrf), headers: { 'Idempotency-Key': e.key }, credentials: 'same-origin' })
      .then(function (r) {
        // A redirect is the server's "done", whatever the page it leads to.
        if (r.ok || r.redirected) return remove(e.id).then(function () { return 'sent'; });
        if (r.status === 401 || r.status === 403) {
          e.state = SIGNIN;
          e.error = 'Phiên đăng nhập đã hết hạn. Anh/chị đăng nhập lại, nội dung sẽ được gửi tiếp, không phải nhập lại.';
          return put(e).then(function () { return 'signin'; });
        }
        if (r.status === 400 || r.status === 413 || r.status === 422) {
          return r.text().then(function (html) {
            e.state = REFUSED;
            e.error = refusal(html);
            return put(e).then(function () { return 'refused'; });
          });
        }
        return 'later';
      }, function () { return 'later'; });
  }

  var sending = null;

  // flush sends what waits, oldest first, once at a time; an entry refused
  // stays for correcting and the next is tried; no network or an ended
  // session stops the round. It resolves with how many were sent.
  function flush(csrf) {
    if (sending) return sending;
    sending = list().then(function (all) {
      var sent = 0, i = 0;
      function next() {
        while (i < all.length && all[i].state === REFUSED) i++;
        if (i >= all.length) return sent;
        return sendOne(all[i++], csrf).then(function (what) {
          if (what === 'sent') sent++;
          if (what === 'later' || what === 'signin') return sent;
          return next();
        });
      }
      return next();
    }).then(function (n) { sending = null; return n; }, function (err) { sending = null; throw err; });
    return sending;
  }

  return { list: list, get: get, put: put, remove: remove, flush: flush, newKey: newKey, WAITING: WAITING, REFUSED: REFUSED, SIGNIN: SIGNIN };
})();
