// The staff app's service worker: the workbench opens with no network after the first
// visit. `cargo xtask build` writes it to dist/staff/sw.js with this build's hashed files
// (ASSETS) and a VERSION naming them; a new build is a new worker, which caches its own
// files before it takes over and then deletes the caches of the builds before it.
// The API is never cached: what the server says is either fresh or a network error the
// app shows (records wait in the app's outbox, not here).
const VERSION = '__VERSION__';
const ASSETS = __ASSETS__;
const SHELL = '/staff/';
const PREFIX = 'yinong-staff-';
const CACHE = PREFIX + VERSION;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll([SHELL, ...ASSETS]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names
        .filter((name) => name.startsWith(PREFIX) && name !== CACHE)
        .map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) {
    return;
  }
  if (request.mode === 'navigate') {
    // Every staff page is the same app: the network's copy when there is one.
    event.respondWith(fetch(request).catch(() => caches.match(SHELL, { cacheName: CACHE })));
    return;
  }
  event.respondWith(
    caches.match(request, { cacheName: CACHE }).then((kept) => kept || fetch(request)),
  );
});
