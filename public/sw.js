// The service worker of one entry point, so its pages open and read without a network after
// the first visit. `cargo xtask build` writes it twice: dist/sw.js for the farmer's pages
// (APP 'portal': the home page's and the portal's bundles) and dist/staff/sw.js for the
// staff app, each with its build's hashed files — ASSETS, cached on install, and ON_USE
// (ECharts, which the dashboard alone loads), kept once loaded — and a VERSION naming them.
//
// - A new build is a new worker: it caches its files before it takes over, taking the ones
//   whose names it already holds from the old caches (a hashed name never changes content,
//   so a repeat visit downloads only what changed, ECharts included), then deletes the old
//   caches.
// - Pages are the network's copy when there is one, else the entry point's cached page.
// - Answers of the API listed in KEEP are the network's when there is one, and kept; with no
//   network the kept copy is answered, stamped with when it was fetched (KEPT_AT, which
//   the app shows: "离线：显示 12月3日 18:02 的内容"). Nothing else of the API is touched:
//   writes go to the network or fail as the app says (records wait in the app's outbox).
// - Signing in or out forgets every kept answer: the phone may be shared.
const APP = '__APP__';
const VERSION = '__VERSION__';
const ASSETS = __ASSETS__;
const ON_USE = __ON_USE__;

// The page each entry point answers a navigation with (a path's own, else '*').
const SHELLS = {
  portal: { '/': '/', '*': '/portal/' },
  staff: { '*': '/staff/' },
}[APP];
// Paths of another entry point (with its own worker), left to the network.
const OTHERS = { portal: ['/staff'], staff: [] }[APP];
// What is kept to read offline: the farmer reads everything they saw; a leader the
// dashboards (figures, boundaries, region names) of every region they looked at.
const KEEP = {
  portal: ['/api/'],
  staff: ['/api/coverage', '/api/shapes', '/api/regions'],
}[APP];
// A liveness probe must say what is true now.
const NEVER_KEPT = ['/api/health'];
// A home answered for where the farmer stood stays their village's home elsewhere.
const KEPT_WITHOUT_QUERY = /^\/api\/villages\/\d+\/home$/;
const KEPT_AT = 'x-yinong-kept-at';
const MAX_KEPT = 400;
// Answers kept between two trims down to MAX_KEPT: listing them all on every read is work.
const TRIM_EVERY = 40;

const PREFIX = `yinong-${APP}-`;
const CACHE = PREFIX + VERSION;
const ANSWERS = 'yinong-answers-';
const KEPT = ANSWERS + APP;

const under = (path, prefixes) => prefixes.some((prefix) => path === prefix
  || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`));

async function fetchOk(url) {
  const response = await fetch(url, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response;
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const shells = [...new Set(Object.values(SHELLS))];
    // A page is fetched anew; a hashed file already held is taken (ECharts only if held).
    await Promise.all([
      ...shells.map(async (url) => cache.put(url, await fetchOk(url))),
      ...ASSETS.map(async (url) => cache.put(url, await caches.match(url) || await fetchOk(url))),
      ...ON_USE.map(async (url) => {
        const held = await caches.match(url);
        if (held) await cache.put(url, held);
      }),
    ]);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names
      .filter((name) => name.startsWith(PREFIX) && name !== CACHE)
      .map((name) => caches.delete(name)));
    await trim(await caches.open(KEPT));
    await self.clients.claim();
  })());
});

async function forgetAnswers() {
  const names = await caches.keys();
  await Promise.all(names.filter((name) => name.startsWith(ANSWERS)).map((name) => caches.delete(name)));
}

// Drops the oldest kept answers beyond MAX_KEPT (keys come oldest first: a put replaces,
// and so renews, its key).
async function trim(cache) {
  const keys = await cache.keys();
  await Promise.all(keys.slice(0, Math.max(0, keys.length - MAX_KEPT)).map((key) => cache.delete(key)));
}

async function page(request, path) {
  const shell = SHELLS[path] || SHELLS['*'];
  try {
    const response = await fetch(request);
    if (response.ok) (await caches.open(CACHE)).put(shell, response.clone());
    return response;
  } catch (offline) {
    const kept = await caches.match(shell, { cacheName: CACHE });
    if (kept) return kept;
    throw offline;
  }
}

async function asset(request) {
  const cache = await caches.open(CACHE);
  const held = await cache.match(request);
  if (held) return held;
  const response = await fetch(request);
  if (response.ok && ON_USE.includes(new URL(request.url).pathname)) cache.put(request, response.clone());
  return response;
}

let keptSinceTrim = 0;

async function answer(request, path) {
  const cache = await caches.open(KEPT);
  try {
    const response = await fetch(request);
    if (response.ok) {
      const headers = new Headers(response.headers);
      headers.set(KEPT_AT, String(Date.now()));
      const copy = new Response(await response.clone().blob(), { status: response.status, headers });
      await cache.put(request, copy);
      keptSinceTrim += 1;
      if (keptSinceTrim >= TRIM_EVERY) {
        keptSinceTrim = 0;
        await trim(cache);
      }
    }
    return response;
  } catch (offline) {
    const kept = await cache.match(request)
      || (KEPT_WITHOUT_QUERY.test(path) ? await cache.match(request, { ignoreSearch: true }) : undefined);
    if (kept) return kept;
    throw offline;
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  const path = url.pathname;
  if (url.origin !== self.location.origin || under(path, OTHERS)) return;
  if (request.method !== 'GET') {
    if (path.startsWith('/api/auth/')) event.waitUntil(forgetAnswers());
    return;
  }
  if (path.startsWith('/api/')) {
    // A download (a table) is a navigation: it is not a page to read offline.
    const kept = request.mode !== 'navigate' && under(path, KEEP) && !under(path, NEVER_KEPT);
    if (kept) event.respondWith(answer(request, path));
    return;
  }
  if (request.mode === 'navigate') {
    event.respondWith(page(request, path));
    return;
  }
  event.respondWith(asset(request));
});
