// Shared set-up for the browser tests: Debian's Chromium driven by playwright-core, a page
// the size of a cheap Android phone (360×640) or a tablet (1024×768), against the real
// server that `cargo xtask test` started (YINONG_BASE_URL).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { deflateSync } from 'node:zlib';
import { chromium } from 'playwright-core';

export const BASE_URL = process.env.YINONG_BASE_URL ?? 'http://127.0.0.1:8080';

// Without the background-networking flags Chromium floods a closed network with requests.
const FLAGS = [
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const PHONE = { viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
export const TABLET = { viewport: { width: 1024, height: 768 }, isMobile: true, hasTouch: true };

/// Chromium; `env` replaces its environment (HOME holds the certificates it trusts).
export function launch(env = undefined) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: FLAGS,
    env,
  });
}

const SERVER = resolve(process.env.YINONG_API_BIN ?? '../target/debug/yinong-api');
const DIST = resolve(process.env.YINONG_DIST ?? '../dist');

export function freePort() {
  return new Promise((done) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}

/// A server of a test's own: the built `yinong-api` with the demo data on 127.0.0.1:`port`
/// over the SQLite file `database`, with `options` after `serve`; once it answers.
export async function startServer(port, database, options = []) {
  const child = spawn(SERVER, [
    '--database-url', `sqlite://${database}`,
    'serve', '--demo', '--listen', `127.0.0.1:${port}`, '--dist', DIST, ...options,
  ], { stdio: 'ignore' });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return child;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error('the server did not start');
}

/// A new page in a fresh context (no stored language, no cache) of the given device, on a
/// phone's clock in China (its calendar day is China's also when the machine's is not).
export async function openPage(browser, device = PHONE) {
  const context = await browser.newContext({
    ...device, baseURL: BASE_URL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

/// The names on the home page's service cards, once they are shown.
export async function serviceCardNames(page) {
  const names = page.locator('.service-card .service-name');
  await names.first().waitFor();
  return names.allInnerTexts();
}

/** Signs a demo staff account in through the staff sign-in page. */
export async function staffSignIn(page, login) {
  await page.goto('/staff/login');
  await page.getByLabel('手机号或用户名').fill(login);
  await page.getByLabel('密码').fill('yinong-demo-2026');
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((url) => url.pathname !== '/staff/login');
}

/** On the phone sign-in page: asks for a code, reads it from the test outbox (of the
 *  server at `server`, when it is not the page's) and signs in. */
/** The number in a table row's `at`-th data cell (`td`, counted from 0). */
export async function figure(row, at) {
  return Number((await row.locator('td').nth(at).innerText()).trim());
}

export async function farmerSignIn(page, phone, server = '') {
  await page.getByLabel('手机号码').fill(phone);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.waitForFunction(() => document.querySelector('button.secondary')?.disabled);
  const [code] = await (await page.request.get(`${server}/api/test/outbox/${phone}`)).json();
  await page.getByLabel('验证码').fill(code);
  await page.getByRole('button', { name: '登录' }).click();
}

function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A real PNG of width×height (a phone camera's photo is larger than the app sends). */
export function png(width, height) {
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set([200, 40 + (x % 160), 40], 1 + x * 3);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Cuts the context's network, also for its service worker's own requests (Playwright's
 *  offline mode alone leaves those through; the test file must set
 *  PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS=1 before launching for it to see them). */
export async function goOffline(context) {
  await context.setOffline(true);
  await context.route('**', (route) => (route.request().serviceWorker()
    ? route.abort('internetdisconnected')
    : route.continue()));
}

export async function goOnline(context) {
  await context.unrouteAll();
  await context.setOffline(false);
}
