import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage } from './support.mjs';

const TABLET = { width: 1024, height: 768 };
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a 济宁 leader sees the city’s counties and drills down to 任城区’s townships', async () => {
  const page = await openPage(browser, TABLET);
  await page.goto('/staff/login');
  await page.getByLabel('手机号或用户名').fill('jining-leader');
  await page.getByLabel('密码').fill('yinong-demo-2026');
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL('**/staff/dashboard');

  const rows = page.locator('.child-row');
  await rows.first().waitFor();
  const city = await (await page.request.get('/api/coverage/3708')).json();
  assert.equal(await rows.count(), city.children.length);
  assert.equal(city.children.length, 12, '11 counties and the 高新区');
  assert.deepEqual(await page.locator('.breadcrumb .crumb').allInnerTexts(), ['济宁市'], 'nothing above the leader’s city');
  const covered = city.summary.figures.covered_villages / city.summary.figures.villages;
  assert.ok((await page.locator('.coverage-kpis').innerText()).includes(`${(covered * 100).toFixed(1)}%`));
  assert.equal(await page.locator('select[name="period"]').inputValue(), '2020');

  await page.locator('.child-row', { hasText: '任城区' }).getByRole('link').click();
  await page.waitForURL(/region=370811/);
  await page.locator('.breadcrumb .crumb', { hasText: '任城区' }).waitFor();
  const county = await (await page.request.get('/api/coverage/370811?period=2020')).json();
  await page.locator('.child-row', { hasText: county.children[0].region.name }).waitFor();
  assert.equal(await rows.count(), county.children.length);
  assert.ok((await rows.first().getAttribute('data-code')).startsWith('370811'));
  assert.equal(county.children[0].region.level, 'township');

  // An earlier period: the county's target for the first half of 2019 is 227 stations.
  await page.locator('select[name="period"]').selectOption('2019H1');
  await page.waitForURL(/period=2019H1/);
  const first = await (await page.request.get('/api/coverage/370811?period=2019H1')).json();
  assert.equal(first.summary.stations_due.value, 227);
  await page.context().close();
});
