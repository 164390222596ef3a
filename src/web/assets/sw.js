/*
 * monev-kip, the service worker of the PPID operator's pages (served at /ppid/sw.js, scope
 * /ppid/). SPEC §11: once opened, the SAQ page reopens without a network. Pages: network first,
 * and each good answer updates the copy; without a network, the copy. Assets (content-hashed
 * URLs): cache first. The copies are one person's pages: the login page deletes them (app.js),
 * and so does this worker when a page answers with the login page (the session ended).
 */
'use strict';

var CACHE = 'monev-ppid-v1';
var pending = {};

self.addEventListener('install', function () { self.skipWaiting(); });

self.addEventListener('activate', function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return n.indexOf('monev-ppid') === 0 && n !== CACHE; }).map(function (n) { return caches.delete(n); }));
    }).then(function () { return self.clients.claim(); }),
  );
});

function keyOf(url) {
  var u = new URL(url, self.location.origin);
  return u.pathname + u.search;
}

function isOwnPage(response) {
  return response.ok && !response.redirected && response.type === 'basic' && new URL(response.url).pathname.indexOf('/ppid/') === 0;
}

function endedSession(response) {
  return response.redirected && new URL(response.url).pathname === '/masuk';
}

function store(key, response) {
  var saving = caches.open(CACHE).then(function (cache) { return cache.put(key, response); });
  pending[key] = saving.catch(function () {}).then(function () { delete pending[key]; });
  return saving;
}

var OFFLINE =
  '<!doctype html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
  '<title>Tidak tersambung · monev-kip</title></head><body><main><h1>Tidak tersambung</h1>' +
  '<p>Halaman ini belum pernah dibuka di perangkat ini, jadi belum tersedia tanpa sambungan. ' +
  'Buka kuesioner sekali saat tersambung; setelah itu kuesioner dapat dibuka dan diisi tanpa sambungan.</p>' +
  '<p><a href="/ppid">Coba lagi</a></p></main></body></html>';

/* a page of its own, not a server's failure: 200, so the browser logs no error for it */
function offlinePage() {
  return new Response(OFFLINE, {
    status: 200,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': "default-src 'none'; base-uri 'none'", 'Cache-Control': 'no-store' },
  });
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (url.pathname.indexOf('/aset/') === 0) {
    event.respondWith(
      caches.open(CACHE).then(function (cache) {
        return cache.match(request, { ignoreVary: true }).then(function (hit) {
          return hit || fetch(request).then(function (response) {
            if (response.ok) cache.put(request, response.clone());
            return response;
          });
        });
      }),
    );
    return;
  }

  if (request.mode !== 'navigate' || url.pathname.indexOf('/ppid/') !== 0) return;
  var key = keyOf(request.url);
  event.respondWith(
    fetch(request).then(function (response) {
      if (isOwnPage(response)) event.waitUntil(store(key, response.clone()));
      else if (endedSession(response)) event.waitUntil(caches.delete(CACHE));
      return response;
    }, function () {
      return caches.open(CACHE).then(function (cache) {
        return cache.match(key, { ignoreVary: true }).then(function (hit) { return hit || offlinePage(); });
      });
    }),
  );
});

/* The SAQ script asks for its page and assets to be kept (the first visit was not through this worker). */
self.addEventListener('message', function (event) {
  var urls = (event.data && event.data.simpan) || [];
  var port = event.ports && event.ports[0];
  var work = caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.map(function (url) {
      var key = keyOf(url);
      return Promise.resolve(pending[key]).then(function () { return cache.match(key, { ignoreVary: true }); }).then(function (hit) {
        if (hit) return true;
        return fetch(key, { credentials: 'same-origin' }).then(function (response) {
          if (isOwnPage(response) || (key.indexOf('/aset/') === 0 && response.ok)) return cache.put(key, response).then(function () { return true; });
          return false;
        });
      }).catch(function () { return false; });
    }));
  }).then(function (results) {
    if (port) port.postMessage({ siap: results.every(Boolean) });
  });
  event.waitUntil(work);
});
