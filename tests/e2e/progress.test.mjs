import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, staffSignIn, PHONE, TABLET } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the county sends its monthly progress, the city returns it then accepts it and reads the sum, and the province publishes the 通报', async () => {
  const month = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 7);
  // 任城区, on a phone: the report generated from the data, checked, then sent.
  const county = await openPage(browser, PHONE);
  await staffSignIn(county, 'rencheng-county');
  await county.getByRole('link', { name: '进度报送' }).click();
  await county.waitForURL('**/staff/progress');
  const draftTotal = county.locator('.progress-table').first().locator('.progress-row', { hasText: '任城区' });
  await draftTotal.waitFor();
  const villages = Number((await draftTotal.locator('td').first().innerText()).trim());
  assert.ok(villages > 100, `任城区's villages (${villages})`);
  assert.ok(await county.locator('.progress-table').first().locator('.progress-row', { hasText: '许庄街道' }).count() === 1);
  await county.getByLabel('说明（可不填）').fill('李营街道两个站点在建，下月验收');
  await county.getByRole('button', { name: '报送市级' }).click();
  const sent = county.locator('.my-reports .progress-report', { hasText: month });
  await sent.waitFor();
  assert.match(await sent.innerText(), /待市级审核/);
  assert.match(await sent.innerText(), /李营街道两个站点在建/);
  const width = await county.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `the tables scroll inside the phone's page (${width} px)`);
  await county.getByRole('button', { name: '报送市级' }).click();
  assert.match(await county.getByRole('alert').innerText(), /已报送，正在等市级审核或已接收/);

  // 济宁, on a tablet, from its dashboard: returned with a reason.
  const city = await openPage(browser, TABLET);
  await staffSignIn(city, 'jining-leader');
  await city.goto('/staff/dashboard?region=3708');
  await city.getByRole('link', { name: '进度报送' }).click();
  await city.getByRole('heading', { name: '县级报送的进度报表' }).waitFor();
  const card = city.locator('.queue-card', { hasText: `任城区 · ${month}` });
  assert.match(await card.innerText(), /李营街道两个站点在建/);
  await card.getByRole('button', { name: '退回修改' }).click();
  await card.getByLabel('要改什么（报送人会看到）').fill('请写明在建站点的村名');
  await card.getByRole('button', { name: '确认退回' }).click();
  await card.waitFor({ state: 'detached' });

  await county.reload();
  const returned = county.locator('.my-reports .progress-report', { hasText: '请写明在建站点的村名' });
  await returned.waitFor();
  assert.match(await returned.innerText(), /退回/);
  await county.getByLabel('说明（可不填）').fill('李营街道王庄村、刘庄村站点在建，下月验收');
  await county.getByRole('button', { name: '报送市级' }).click();
  await county.locator('.my-reports .progress-report', { hasText: '王庄村' }).waitFor();

  await city.reload();
  const again = city.locator('.queue-card', { hasText: '王庄村' });
  await again.getByRole('button', { name: '通过', exact: true }).click();
  await again.waitFor({ state: 'detached' });
  // The city's sum: 任城区 reported, the others not yet.
  await city.reload();
  const sums = city.locator('.progress-summary .progress-table');
  const rencheng = sums.locator('.progress-row', { hasText: '任城区' });
  await rencheng.locator('td').nth(1).waitFor();
  assert.equal(Number((await rencheng.locator('td').first().innerText()).trim()), villages);
  assert.match(await sums.locator('.progress-row', { hasText: '兖州区' }).innerText(), /未报送/);

  // 山东, on a tablet: its cities summed, the 通报 published and read as a notice.
  const province = await openPage(browser, TABLET);
  await staffSignIn(province, 'shandong-leader');
  await province.goto('/staff/progress');
  const jining = province.locator('.progress-row', { hasText: '济宁市' });
  await jining.waitFor();
  assert.equal(Number((await jining.locator('td').first().innerText()).trim()), villages);
  await province.getByRole('button', { name: '发布本月通报' }).click();
  const published = province.getByRole('status');
  await published.waitFor();
  assert.match(await published.innerText(), new RegExp(`山东省信息进村入户工程进度通报（${month}）`));
  await published.getByRole('link').click();
  await province.waitForURL(/\/notices\/\d+$/);
  const notice = province.locator('.bulletin');
  await notice.waitFor();
  assert.match(await notice.innerText(), /第 1 名　济宁市　覆盖率/);
  assert.match(await notice.innerText(), /济南市　未报送/);
  assert.match(await notice.innerText(), /第 1 名　任城区/);
  for (const page of [county, city, province]) await page.context().close();
});
