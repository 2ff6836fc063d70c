import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, staffSignIn, PHONE } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// 任城区 › 许庄街道 › 张营村: its demo informant reports, 许庄街道 reviews.
const VILLAGE = '370811002212';

test('at 360×640 an informant reports a price, the township approves it, and farmers see it with its trend', async () => {
  const product = `山药${Date.now() % 10000}`;
  const informant = await openPage(browser, PHONE);
  await staffSignIn(informant, 'zhangying-informant');
  await informant.getByRole('link', { name: '上报市场价格' }).click();
  await informant.getByLabel('产品名称').fill(product);
  await informant.getByLabel('价格（元）').fill('1.355');
  await informant.getByLabel('市场').fill('许庄集贸市场');
  assert.equal(await informant.getByLabel('单位').inputValue(), '斤');
  await informant.getByRole('button', { name: '提交价格' }).click();
  assert.equal(await informant.getByRole('alert').innerText(), '价格请填元数，最多两位小数，例如：1.25');
  await informant.getByLabel('价格（元）').fill('1.35');
  await informant.getByRole('button', { name: '提交价格' }).click();
  await informant.getByText('已提交，等待乡镇审核。').waitFor();
  const mine = informant.locator('.queue-card', { hasText: product });
  await mine.waitFor();
  assert.match(await mine.innerText(), /待审核/);
  const width = await informant.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `the form fits the phone (${width} px)`);

  const township = await openPage(browser, PHONE);
  await staffSignIn(township, 'rencheng-township');
  await township.getByRole('link', { name: '价格审核' }).click();
  const card = township.locator('.queue-card', { hasText: product });
  await card.waitFor();
  assert.match(await card.innerText(), /1\.35 元\/斤/);
  await card.getByRole('button', { name: '通过', exact: true }).click();
  await card.waitFor({ state: 'detached' });

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
