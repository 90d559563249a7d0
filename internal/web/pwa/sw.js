// The field app's service worker (cchc serves it at /sw.js with its version
// and asset names filled in). It keeps the assets, keeps the last copy of
// each workspace page seen (network first, the copy when there is none),
// and sends the outbox when the browser says the network is back.
'use strict';
var VERSION = '__VERSION__';
var ASSETS = __ASSETS__;
var STATIC = 'cchc-static-' + VERSION, PAGES = 'cchc-pages';
importScripts('__OUTBOX__');

self.addEventListener('install', function (e) {
  e.waitUntil(caches.open(STATIC).then(function (c) { return c.addAll(ASSETS); }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (e) {
  e.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf('cchc-static-') === 0 && k !== STATIC; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

// kept says whether a page may be read offline: the workspace and the
// procedures, for answering residents' questions.
function kept(url) {
  return url.origin === self.location.origin && (url.pathname === '/quan-ly' || url.pathname.indexOf('/quan-ly/') === 0 ||
    url.pathname === '/thu-tuc' || url.pathname.indexOf('/thu-tuc/') === 0);
}

// store keeps a page with the time it was fetched, for "Dữ liệu lúc …".
function store(req, r) {
  var type = r.headers.get('Content-Type') || '';
  if (!r.ok || r.redirected || type.indexOf('text/html') !== 0) return Promise.resolve();
  return r.clone().text().then(function (html) {
    return caches.open(PAGES).then(function (c) {
      return c.put(req, new Response(html, { headers: { 'Content-Type': type, 'X-Cchc-Saved': String(Date.now()) } }));
    });
  });
}

// copy answers from the kept page, marked so the page can say how old it is.
function copy(req) {
  return caches.open(PAGES).then(function (c) { return c.match(req); }).then(function (hit) {
    if (!hit) {
      return new Response('<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
        '<title>Chưa có bản lưu</title><link rel="stylesheet" href="__CSS__"></head><body><main class="wrap"><h1>Không có mạng</h1>' +
        '<p>Trang này chưa được lưu trên máy. Khi có mạng, mở trang một lần để đọc được cả khi không có mạng.</p>' +
        '<p><a href="/quan-ly">Trang làm việc</a> · <a href="/quan-ly/chua-gui">Nội dung chưa gửi</a></p></main></body></html>',
        { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
    }
    var saved = hit.headers.get('X-Cchc-Saved') || '';
    return hit.text().then(function (html) {
      return new Response(html.replace('<html lang="vi">', '<html lang="vi" data-saved-at="' + saved + '">'),
        { headers: { 'Content-Type': hit.headers.get('Content-Type') } });
    });
  });
}

self.addEventListener('fetch', function (e) {
  var req = e.request, url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.indexOf('/static/') === 0) {
    e.respondWith(caches.match(req).then(function (hit) { return hit || fetch(req); }));
    return;
  }
  if (req.mode !== 'navigate' || !kept(url)) return;
  e.respondWith(fetch(req).then(function (r) {
    e.waitUntil(store(req, r));
    return r;
  }, function () { return copy(req); }));
});

self.addEventListener('message', function (e) {
  var d = e.data || {};
  if (d.warm) { // fetch the field pages while there is a network
    e.waitUntil(Promise.all(d.warm.map(function (p) {
      var req = new Request(p, { credentials: 'same-origin' });
      return fetch(req).then(function (r) { return store(req, r); }, function () {});
    })).then(function () { if (e.source) e.source.postMessage({ warmed: d.warm.length }); }));
  }
  if (d.forget) e.waitUntil(caches.delete(PAGES)); // signed out: no copy of the workspace stays on the phone
});

// Background Sync: the browser wakes the worker when the network is back.
self.addEventListener('sync', function (e) {
  if (e.tag === 'cchc-outbox') e.waitUntil(cchcOutbox.flush(null));
});
