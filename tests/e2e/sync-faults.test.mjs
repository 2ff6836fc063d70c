import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, launch, png, startServer, PHONE } from './support.mjs';

// The informant's outbox against a server of its own that loses 30% of the records and
// photos on the way (half before the server, half the answer after it stored them) and is
// killed (SIGKILL) and started again half-way: every record ends stored exactly once and
// none is left behind on the phone.

// More than one batch (yinong_model::sync::BATCH_MAX_RECORDS is 25), so the server is
// killed with records still to come.
const RECORDS = 40;
const DROP_RATE = 0.3;

let browser;
let data;
before(async () => {
  browser = await launch();
  data = mkdtempSync(join(tmpdir(), 'yinong-sync-faults-'));
});
after(async () => {
  await browser?.close();
  rmSync(data, { recursive: true, force: true });
});

/** The same faults every run: a small linear congruential generator. */
function seeded(seed) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

test('sync through 30% lost requests and a killed server: every record stored exactly once, none lost', { timeout: 240_000 }, async () => {
  const port = await freePort();
  let server = await startServer(port, join(data, 'yinong.db'));
  const context = await browser.newContext({
    ...PHONE, baseURL: `http://127.0.0.1:${port}`, locale: 'zh-CN', serviceWorkers: 'block',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  try {
    await page.goto('/staff/login');
    await page.getByLabel('手机号或用户名').fill('zhangying-informant');
    await page.getByLabel('密码').fill('yinong-demo-2026');
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL((url) => url.pathname !== '/staff/login');
    await page.goto('/staff/prices');
    await page.getByLabel('产品名称').waitFor();

    const run = Date.now() % 100000;
    const products = Array.from({ length: RECORDS }, (_, n) => `故障${run}号${n}`);
    await context.setOffline(true);
    for (const [n, product] of products.entries()) {
      await page.getByLabel('产品名称').fill(product);
      await page.getByLabel('价格（元）').fill(`${n + 1}.5`);
      await page.getByLabel('市场').fill('许庄集贸市场');
      if (n % 5 === 0) {
        await page.locator('input[type="file"]').setInputFiles({ name: `p${n}.png`, mimeType: 'image/png', buffer: png(40 + n, 30) });
        await page.locator('.photo-thumbs img').waitFor();
      }
      await page.getByRole('button', { name: '提交价格' }).click();
      await page.locator('.outbox-record', { hasText: product }).waitFor();
      // The form empties once the record is kept; a photo picked before that would go too
      // (faster than a hand can pick one, not faster than this test).
      await page.waitForFunction(() => document.querySelector('input[name="product"]')?.value === '');
    }
    assert.match(await page.locator('#outbox-title').innerText(), new RegExp(`待发送 ${RECORDS}`));

    const random = seeded(20261202);
    const counts = { sent: 0, lostOnTheWay: 0, answersLost: 0, refused: 0, acknowledged: 0 };
    let serverDown = false;
    let killNow = false;
    await context.route(/\/api\/(photos|outbox)$/, async (route) => {
      counts.sent += 1;
      const roll = random();
      if (serverDown || roll < DROP_RATE / 2) {
        counts.lostOnTheWay += 1;
        return route.abort('connectionreset');
      }
      let response;
      try {
        response = await route.fetch();
      } catch {
        counts.lostOnTheWay += 1;
        return route.abort('connectionrefused');
      }
      if (roll < DROP_RATE) {
        counts.answersLost += 1;
        return route.abort('connectionreset');
      }
      if (route.request().url().endsWith('/outbox')) {
        for (const { status } of (await response.json()).answers) {
          if (status < 300) counts.acknowledged += 1;
          else counts.refused += 1;
        }
        if (!killNow && counts.acknowledged >= RECORDS / 3) {
          // Down from here until it is killed and started again.
          killNow = true;
          serverDown = true;
        }
      }
      return route.fulfill({ response });
    });
    await context.setOffline(false);

    const waiting = async () => Number((await page.locator('#outbox-title').innerText()).match(/\d+/)[0]);
    const deadline = Date.now() + 180_000;
    let restarted = false;
    while ((await waiting()) > 0) {
      assert.ok(Date.now() < deadline, `still waiting: ${await waiting()} (${JSON.stringify(counts)})`);
      if (!restarted && killNow) {
        // Killed mid-way, then back on the same database.
        server.kill('SIGKILL');
        await new Promise((r) => server.once('exit', r));
        await new Promise((r) => setTimeout(r, 1_000));
        server = await startServer(port, join(data, 'yinong.db'));
        serverDown = false;
        restarted = true;
      }
      const sendNow = page.getByRole('button', { name: '立即发送' });
      if (await sendNow.isEnabled()) await sendNow.click();
      await new Promise((r) => setTimeout(r, 300));
    }
    assert.ok(restarted, 'the server was killed half-way');
    assert.equal(counts.refused, 0, 'no record was refused');
    assert.ok(counts.lostOnTheWay > 0 && counts.answersLost > 0, JSON.stringify(counts));

    // Nothing is left on the phone.
    await page.reload();
    await page.getByText('全部已发送。').waitFor();

    const stored = [];
    for (let n = 0; ; n += 1) {
      const mine = await (await page.request.get(`/api/prices/reports/mine?page=${n}`)).json();
      stored.push(...mine.reports.filter((r) => r.product.startsWith(`故障${run}号`)));
      if ((n + 1) * mine.per_page >= mine.total) break;
    }
    const names = stored.map((r) => r.product).sort();
    const duplicates = names.length - new Set(names).size;
    const lost = products.filter((p) => !names.includes(p)).length;
    console.log(`sync faults: ${RECORDS} records, ${counts.sent} requests, ${counts.lostOnTheWay} lost before the server, ${counts.answersLost} answers lost after it stored, server killed once; stored ${names.length}, duplicates ${duplicates}, lost ${lost}`);
    assert.equal(duplicates, 0, 'no record stored twice');
    assert.equal(lost, 0, 'no record lost');
    assert.deepEqual(names, [...products].sort());
    for (const report of stored.filter((r) => Number(r.product.split('号')[1]) % 5 === 0)) {
      assert.equal(report.photos.length, 1, `${report.product} arrived with its photo`);
    }
  } finally {
    await context.close();
    server.kill('SIGKILL');
  }
});
