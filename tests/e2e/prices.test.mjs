import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, staffSignIn, goOffline, goOnline, png, PHONE } from './support.mjs';

// Playwright sees (and so can cut) a service worker's own requests only with this set.
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// 任城区 › 许庄街道 › 张营村: its demo informant reports, 许庄街道 reviews.
const VILLAGE = '370811002212';

test('at 360×640 an informant reports a price with a photo offline, it syncs online, the township approves it, and farmers see it with its trend', async () => {
  const product = `山药${Date.now() % 10000}`;
  const informant = await openPage(browser, PHONE);
  await staffSignIn(informant, 'zhangying-informant');
  await informant.getByRole('link', { name: '上报市场价格' }).click();
  // The first visit installs the workbench on the phone.
  await informant.evaluate(() => navigator.serviceWorker.ready);
  await informant.waitForFunction(() => navigator.serviceWorker.controller !== null);

  await goOffline(informant.context());
  assert.equal(await informant.evaluate(() => fetch('/api/health').then(() => 'online', () => 'offline')), 'offline');
  await informant.getByLabel('产品名称').fill(product);
  await informant.getByLabel('价格（元）').fill('1.355');
  await informant.getByLabel('市场').fill('许庄集贸市场');
  assert.equal(await informant.getByLabel('单位').inputValue(), '斤');
  await informant.locator('input[type="file"]').setInputFiles({ name: 'yams.png', mimeType: 'image/png', buffer: png(2000, 1500) });
  await informant.locator('.photo-thumbs img').waitFor();
  await informant.getByRole('button', { name: '提交价格' }).click();
  assert.equal(await informant.getByRole('alert').innerText(), '价格请填元数，最多两位小数，例如：1.25');
  await informant.getByLabel('价格（元）').fill('1.35');
  await informant.getByRole('button', { name: '提交价格' }).click();
  await informant.getByText('已保存在手机上，有网络时自动发送。').waitFor();
  // Tried at once, failed for want of a network, waiting for the next try.
  const queued = informant.locator('.outbox-record[data-state="Waiting"]', { hasText: product });
  await queued.waitFor();
  assert.match(await queued.innerText(), /等待发送/);
  assert.match(await queued.innerText(), /📷 1/);
  assert.match(await queued.innerText(), /网络连接失败.*秒后重试/s);

  // Reloaded with no network: the app comes from the phone, the record from its outbox.
  await informant.reload();
  await queued.waitFor();
  assert.match(await queued.innerText(), /等待发送/);
  assert.match(await informant.locator('#outbox-title').innerText(), /待发送 1/);

  // The township is watching its queue while the informant is still offline.
  const township = await openPage(browser, PHONE);
  await staffSignIn(township, 'rencheng-township');
  await township.getByRole('link', { name: '价格审核' }).click();
  await township.locator('.queue-card').first().waitFor();
  assert.equal(await township.locator('.queue-card', { hasText: product }).count(), 0);

  await goOnline(informant.context());
  await informant.locator('.outbox-record[data-state="Sent"]', { hasText: product }).waitFor({ timeout: 30_000 });
  assert.match(await informant.locator('#outbox-title').innerText(), /待发送 0/);
  const mine = informant.locator('.queue-card:not(.outbox-record)', { hasText: product });
  await mine.waitFor();
  assert.match(await mine.innerText(), /待审核/);
  // The photo arrived, downscaled on the phone.
  const photo = mine.locator('.listing-photos img');
  await photo.waitFor();
  await informant.waitForFunction((img) => img.complete && img.naturalWidth > 0, await photo.elementHandle());
  assert.deepEqual(await photo.evaluate((img) => [img.naturalWidth, img.naturalHeight]), [1600, 1200]);
  const width = await informant.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `the form fits the phone (${width} px)`);

  // The queue learns of it by itself (polled every 15 s) and says so without redrawing.
  await township.getByRole('button', { name: '有新的上报，点此刷新' }).click({ timeout: 30_000 });
  const card = township.locator('.queue-card', { hasText: product });
  await card.waitFor();
  assert.match(await card.innerText(), /1\.35 元\/斤/);
  await card.locator('.listing-photos img').waitFor();
  const waiting = await township.locator('.queue-card').count();
  await township.getByRole('button', { name: `全部通过，本页条数： ${waiting}` }).click();
  await township.getByText(`已通过条数： ${waiting}`).waitFor();
  await card.waitFor({ state: 'detached' });
  await township.getByText('暂无价格。').waitFor();

  const farmer = await openPage(browser, PHONE);
  await farmer.addInitScript((code) => localStorage.setItem('yinong.village', code), VILLAGE);
  // The home page lists the county's latest prices, the new one among them.
  await farmer.goto('/');
  const homePrices = farmer.locator('.home-prices');
  await homePrices.waitFor();
  assert.match(await homePrices.innerText(), new RegExp(`${product}\\s+1\\.35 元/斤`));
  await homePrices.getByRole('link', { name: '更多价格' }).click();
  await farmer.waitForURL('**/prices');
  const price = farmer.locator('.price-card', { hasText: product });
  await price.waitFor();
  assert.match(await price.innerText(), /1\.35 元\/斤/);
  assert.match(await price.innerText(), /许庄集贸市场/);
  // The demo's cabbage has three weeks of reports: a trend line and its last change.
  const cabbage = farmer.locator('.price-card', { hasText: '大白菜' });
  const points = await cabbage.locator('svg.trend polyline').getAttribute('points');
  assert.equal(points.split(' ').length, 7);
  assert.match(await cabbage.locator('.price-change').innerText(), /^[▲▼—]/);
  await farmer.getByLabel('搜产品').fill(product);
  await farmer.getByLabel('搜产品').dispatchEvent('change');
  await cabbage.waitFor({ state: 'detached' });
  assert.equal(await farmer.locator('.price-card').count(), 1);
  for (const page of [informant, township, farmer]) await page.context().close();
});

test('at 360×640 the township sends a report back for correction and the informant corrects it and sends it again', async () => {
  const product = `芋头${Date.now() % 10000}`;
  const informant = await openPage(browser, PHONE);
  await staffSignIn(informant, 'zhangying-informant');
  await informant.getByRole('link', { name: '上报市场价格' }).click();
  await informant.getByLabel('产品名称').fill(product);
  await informant.getByLabel('价格（元）').fill('3.2');
  await informant.getByLabel('市场').fill('许庄集贸市场');
  await informant.getByRole('button', { name: '提交价格' }).click();
  await informant.locator('.outbox-record[data-state="Sent"]', { hasText: product }).waitFor();

  const township = await openPage(browser, PHONE);
  await staffSignIn(township, 'rencheng-township');
  await township.getByRole('link', { name: '价格审核' }).click();
  const card = township.locator('.queue-card', { hasText: product });
  await card.getByRole('button', { name: '退回修改' }).click();
  await card.getByLabel('要改什么（报送人会看到）').fill('单位应为公斤');
  await card.getByRole('button', { name: '确认退回' }).click();
  await card.waitFor({ state: 'detached' });

  await informant.reload();
  const returned = informant.locator('.queue-card:not(.outbox-record)', { hasText: product });
  await returned.waitFor();
  assert.match(await returned.innerText(), /退回修改/);
  assert.match(await returned.innerText(), /单位应为公斤/);
  await returned.getByRole('button', { name: '修改后重新提交' }).click();
  assert.equal(await informant.getByLabel('产品名称').inputValue(), product);
  assert.equal(await informant.getByLabel('价格（元）').inputValue(), '3.20');
  await informant.getByLabel('单位').fill('公斤');
  await informant.getByRole('button', { name: '提交价格' }).click();
  const corrected = informant.locator('.queue-card:not(.outbox-record)', { hasText: product })
    .filter({ hasText: '3.20 元/公斤' });
  await corrected.waitFor();
  assert.match(await corrected.innerText(), /待审核/);
  for (const page of [informant, township]) await page.context().close();
});

test('at 360×640 a record the server keeps failing on is set aside with the reason and the records behind it are sent', { timeout: 90_000 }, async () => {
  const run = Date.now() % 10000;
  const [poisoned, ...good] = [`毒${run}号`, `好${run}号甲`, `好${run}号乙`];
  const informant = await openPage(browser, PHONE);
  const context = informant.context();
  await staffSignIn(informant, 'zhangying-informant');
  await informant.goto('/staff/prices');
  await informant.getByLabel('产品名称').waitFor();
  await context.setOffline(true);
  for (const product of [poisoned, ...good]) {
    await informant.getByLabel('产品名称').fill(product);
    await informant.getByLabel('价格（元）').fill('2.5');
    await informant.getByLabel('市场').fill('许庄集贸市场');
    await informant.getByRole('button', { name: '提交价格' }).click();
    await informant.locator('.outbox-record', { hasText: product }).waitFor();
    await informant.waitForFunction(() => document.querySelector('input[name="product"]')?.value === '');
  }
  // The oldest record meets a fault of the server's every time it is sent.
  let failed = 0;
  await context.route(/\/api\/outbox$/, async (route) => {
    const batch = route.request().postDataJSON();
    const bad = batch.records.find((r) => r.record.product === poisoned);
    if (!bad) return route.continue();
    failed += 1;
    const rest = batch.records.filter((r) => r !== bad);
    const response = await route.fetch({ postData: JSON.stringify({ records: rest }) });
    const { answers } = await response.json();
    answers.push({
      id: bad.id, status: 500,
      error: { code: 'internal', message: '服务器内部错误，请稍后重试' },
    });
    return route.fulfill({ response, json: { answers } });
  });
  await context.setOffline(false);
  const setAside = informant.locator('.outbox-record[data-state="NeedsAttention"]', { hasText: poisoned });
  // Sent now rather than after the growing pause between tries.
  const deadline = Date.now() + 30_000;
  while (!(await setAside.isVisible())) {
    assert.ok(Date.now() < deadline, `not set aside after ${failed} failures`);
    const sendNow = informant.getByRole('button', { name: '立即发送' });
    if (await sendNow.isEnabled()) await sendNow.click();
    await new Promise((r) => setTimeout(r, 300));
  }
  for (const product of good) {
    await informant.locator('.outbox-record[data-state="Sent"]', { hasText: product }).waitFor();
  }
  assert.match(await setAside.innerText(), /服务器多次未能接收这条记录，已先发送其余记录.*服务器内部错误/s);
  assert.equal(failed, 3, 'tried three times before it was set aside');
  assert.match(await informant.locator('#outbox-title').innerText(), /待发送 1/);

  // The fault is fixed: the informant retries it and it goes.
  await context.unrouteAll();
  await setAside.getByRole('button', { name: '重新发送' }).click();
  await informant.locator('.outbox-record[data-state="Sent"]', { hasText: poisoned }).waitFor();
  assert.match(await informant.locator('#outbox-title').innerText(), /待发送 0/);
  await context.close();
});
