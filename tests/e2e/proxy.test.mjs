import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { farmerSignIn, freePort, goOffline, goOnline, launch, startServer, staffSignIn, PHONE } from './support.mjs';

// The county's set-up as deploy/ ships it: the server behind Debian's Caddy with TLS (its
// internal CA, trusted by this test's browser as a county's phones trust a real one), the
// server believing Caddy's X-Forwarded-For. The phone reaches Caddy over IPv6 (::1) and
// Caddy reaches the server from 127.0.0.1, so the server can tell whose address a limit
// counted.

process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';

const CADDY = process.env.YINONG_CADDY_BIN ?? '/usr/bin/caddy';
// yinong_api::auth::otp::PER_CLIENT_PER_HOUR
const CODES_PER_CLIENT = 20;

let data;
let server;
let caddy;
let browser;
let site;
let direct;

/** deploy/Caddyfile with the test's addresses and folders in place of the county's. */
function caddyfile(httpsPort, httpPort, serverPort) {
  let text = readFileSync(new URL('../../deploy/Caddyfile', import.meta.url), 'utf8');
  const swap = (from, to) => {
    assert.ok(text.includes(from), `deploy/Caddyfile has ${from}`);
    text = text.replace(from, to);
  };
  swap('yinong.example.cn {', `https://[::1]:${httpsPort} {\n\ttls internal`);
  swap('reverse_proxy 127.0.0.1:8080', `reverse_proxy 127.0.0.1:${serverPort}`);
  swap('/var/log/caddy/yinong.access.log', join(data, 'caddy-access.log'));
  // Never touch the machine's own trust store or its ports 80 and 2019.
  return `{\n\tadmin off\n\tskip_install_trust\n\thttp_port ${httpPort}\n}\n\n${text}`;
}

before(async () => {
  data = mkdtempSync(join(tmpdir(), 'yinong-proxy-'));
  const [serverPort, httpsPort, httpPort] = [await freePort(), await freePort(), await freePort()];
  site = `https://[::1]:${httpsPort}`;
  direct = `http://127.0.0.1:${serverPort}`;
  server = await startServer(serverPort, join(data, 'yinong.db'), [
    '--otp-sender', 'outbox', '--trusted-proxies', '127.0.0.1', '--public-url', site,
  ]);
  writeFileSync(join(data, 'Caddyfile'), caddyfile(httpsPort, httpPort, serverPort));
  caddy = spawn(CADDY, ['run', '--adapter', 'caddyfile', '--config', join(data, 'Caddyfile')], {
    env: { ...process.env, XDG_DATA_HOME: join(data, 'caddy-data'), XDG_CONFIG_HOME: join(data, 'caddy-config') },
    stdio: 'ignore',
  });
  // Caddy makes its CA at first start; the browser's profile is told to trust it.
  const root = join(data, 'caddy-data', 'caddy', 'pki', 'authorities', 'local', 'root.crt');
  const deadline = Date.now() + 30_000;
  while (!existsSync(root)) {
    assert.ok(Date.now() < deadline, 'Caddy made no CA');
    await new Promise((r) => setTimeout(r, 200));
  }
  const home = join(data, 'home');
  const nssdb = join(home, '.pki', 'nssdb');
  mkdirSync(nssdb, { recursive: true });
  execFileSync('certutil', ['-d', `sql:${nssdb}`, '-N', '--empty-password']);
  execFileSync('certutil', ['-d', `sql:${nssdb}`, '-A', '-t', 'C,,', '-n', 'caddy-local', '-i', root]);
  browser = await launch({ ...process.env, HOME: home });
});

after(async () => {
  await browser?.close();
  caddy?.kill();
  server?.kill();
  rmSync(data, { recursive: true, force: true });
});

async function phonePage() {
  const context = await browser.newContext({ ...PHONE, baseURL: site, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

/** Asks a sign-in code from inside the page (the phone's own address, through Caddy). */
function askCode(page, phone, headers = {}) {
  return page.evaluate(([phone, headers]) => fetch('/api/auth/otp', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-yinong-app': '1', ...headers },
    body: JSON.stringify({ phone }),
  }).then((r) => r.status), [phone, headers]);
}

test('through Caddy with TLS at 360×640: a farmer signs in by code, an informant reports a price offline and it syncs, and the limits count the phone, not the proxy', { timeout: 120_000 }, async () => {
  const farmer = await phonePage();
  let answer;
  // The first start of Caddy's TLS can take a moment after its CA is written.
  for (let tries = 0; !answer; tries++) {
    answer = await farmer.goto('/login').catch((error) => { if (tries > 20) throw error; });
    if (!answer) await new Promise((r) => setTimeout(r, 500));
  }
  assert.equal(answer.status(), 200);
  assert.match(answer.headers()['strict-transport-security'] ?? '', /max-age=\d+/);
  // Caddy's own id for the request (a UUID), on the server's answer and log lines.
  assert.match(answer.headers()['x-request-id'] ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.equal(await farmer.evaluate(() => window.isSecureContext), true);
  await farmerSignIn(farmer, '13912340000', direct);
  await farmer.waitForURL((url) => url.pathname !== '/login');
  const me = await farmer.evaluate(() => fetch('/api/me').then((r) => r.json()));
  assert.equal(me.role, 'farmer');
  const [cookie] = (await farmer.context().cookies()).filter((c) => c.name === 'yinong_session');
  assert.equal(cookie.secure, true, 'the session cookie is Secure behind HTTPS');

  const informant = await phonePage();
  await staffSignIn(informant, 'zhangying-informant');
  await informant.getByRole('link', { name: '上报市场价格' }).click();
  await informant.evaluate(() => navigator.serviceWorker.ready);
  await informant.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const product = `代理${Date.now() % 10000}`;
  await goOffline(informant.context());
  await informant.getByLabel('产品名称').fill(product);
  await informant.getByLabel('价格（元）').fill('2.10');
  await informant.getByLabel('市场').fill('许庄集贸市场');
  await informant.getByRole('button', { name: '提交价格' }).click();
  await informant.getByText('已保存在手机上，有网络时自动发送。').waitFor();
  await informant.locator('.outbox-record[data-state="Waiting"]', { hasText: product }).waitFor();
  await goOnline(informant.context());
  await informant.locator('.outbox-record[data-state="Sent"]', { hasText: product }).waitFor({ timeout: 30_000 });
  await informant.locator('.queue-card:not(.outbox-record)', { hasText: product }).waitFor();

  // The farmer's phone asks codes for other numbers until its own limit stops it: the
  // sign-in above was its first.
  let sent = 1;
  for (let n = 1; n <= CODES_PER_CLIENT; n++) {
    const status = await askCode(farmer, `139123400${String(n).padStart(2, '0')}`);
    if (status !== 200) {
      assert.equal(status, 429);
      break;
    }
    sent += 1;
  }
  assert.equal(sent, CODES_PER_CLIENT, 'the phone got exactly its own limit of codes');
  // Naming another address itself does not help: Caddy writes what it saw.
  assert.equal(await askCode(farmer, '13912349998', { 'x-forwarded-for': '198.51.100.23' }), 429);
  // Every one of those requests reached the server from Caddy's 127.0.0.1, yet that
  // address has used none of its codes.
  const fromCaddysAddress = await fetch(`${direct}/api/auth/otp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-yinong-app': '1' },
    body: JSON.stringify({ phone: '13912349999' }),
  });
  assert.equal(fromCaddysAddress.status, 200);
});
