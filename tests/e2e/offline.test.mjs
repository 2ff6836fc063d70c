import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { goOffline, goOnline, launch, openPage, PHONE } from './support.mjs';

// Offline must also cut the service worker's own requests (see goOffline).
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const VILLAGE = '370811002212'; // 张营村

/** Waits until the farmer's service worker has cached its files and controls the page. */
async function workerInCharge(page) {
  await page.waitForFunction(async () => {
    const ready = await navigator.serviceWorker.ready;
    return ready.active?.scriptURL.endsWith('/sw.js') && navigator.serviceWorker.controller !== null;
  });
}

/** "离线：显示 12月5日 18:02 的内容" with today's date on the phone's clock (China's). */
function keptToday(text) {
  const match = text.match(/^离线：显示 (\d+)月(\d+)日 (\d\d):(\d\d) 的内容$/);
  assert.ok(match, `the offline note reads ${text}`);
  const today = new Date(new Date().toLocaleString('en-US', { timeZone: 'Asia/Shanghai' }));
  assert.deepEqual([Number(match[1]), Number(match[2])], [today.getMonth() + 1, today.getDate()]);
}

test('at 360×640 a farmer who read the prices and the village home yesterday reads them again offline, with when they were fetched', async () => {
  const page = await openPage(browser, PHONE);
  const context = page.context();
  await page.addInitScript((code) => localStorage.setItem('yinong.village', code), VILLAGE);
  await page.goto('/');
  const stations = page.locator('.my-stations .station-card');
  await stations.first().waitFor();
  await workerInCharge(page);
  // Read online once the worker is in charge: these answers are kept.
  await page.reload();
  await stations.first().waitFor();
  const home = await page.locator('.my-stations').innerText();
  await page.goto('/prices');
  const prices = page.locator('.price-now');
  await prices.first().waitFor();
  const priceTexts = await prices.allInnerTexts();
  assert.equal(await page.locator('.offline-note').count(), 0, 'online: nothing to say');

  await goOffline(context);
  assert.equal(await page.evaluate(() => fetch('/api/health').then(() => 'online', () => 'offline')), 'offline');
  await page.reload();
  await prices.first().waitFor();
  assert.deepEqual(await prices.allInnerTexts(), priceTexts, 'the same prices, from the phone');
  keptToday(await page.locator('.offline-note').innerText());

  // The village home is another bundle: it opens offline too, and says the same.
  await page.goto('/');
  await stations.first().waitFor();
  assert.equal(await page.locator('.my-stations').innerText(), home);
  keptToday(await page.locator('.offline-note').innerText());

  // What needs the network says so instead of failing silently.
  await page.goto('/login');
  await page.getByLabel('手机号码').fill('13800000123');
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.getByText('网络连接失败').waitFor();
  // A page never read has nothing kept: it says it could not load.
  await page.goto('/jobs');
  await page.getByRole('alert').filter({ hasText: '网络连接失败' }).waitFor();

  await goOnline(context);
  await page.goto('/prices');
  await prices.first().waitFor();
  assert.equal(await page.locator('.offline-note').count(), 0, 'online again: fresh answers');
  await context.close();
});
