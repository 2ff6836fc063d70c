import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, PHONE, staffSignIn } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a county administrator approves a declared station and must give a reason to reject', async () => {
  const page = await openPage(browser, PHONE);
  await staffSignIn(page, 'rencheng-county');

  await page.goto('/staff/stations?status=declared');
  const declared = await (await page.request.get('/api/stations?status=declared')).json();
  assert.ok(declared.total >= 2, 'the demo has declared stations in 任城区');
  const rows = page.locator('.station-row');
  await rows.first().waitFor();
  assert.equal(await rows.count(), Math.min(declared.total, declared.per_page));
  assert.ok((await page.locator('.note').first().innerText()).includes(String(declared.total)));

  const first = declared.stations[0];
  const before = await (await page.request.get(`/api/stations/${first.code}`)).json();
  await page.locator(`.station-row[data-code="${first.code}"] a`).click();
  await page.waitForURL(`**/staff/stations/${first.code}`);
  assert.equal(await page.locator('.station-status').innerText(), '已申报');
  await page.getByRole('button', { name: '已批准' }).click();
  await page.locator('.station-status', { hasText: '已批准' }).waitFor();
  await page.locator('.history .event').nth(before.history.length).waitFor();
  assert.equal(await page.locator('.history .event').count(), before.history.length + 1, 'the approval is recorded');
  assert.ok((await page.locator('.history .event').last().innerText()).includes('任城区管理员'));

  const second = declared.stations[1];
  await page.goto(`/staff/stations/${second.code}`);
  await page.getByRole('button', { name: '未通过' }).click();
  assert.equal(await page.locator('.lifecycle .form-error').innerText(), '请填写原因');
  await page.getByLabel('原因（驳回、暂停、关闭时必填）').fill('选址不在村委会辖区内');
  await page.getByRole('button', { name: '未通过' }).click();
  await page.locator('.station-status', { hasText: '未通过' }).waitFor();
  assert.ok((await page.locator('.history').innerText()).includes('选址不在村委会辖区内'));
  await page.context().close();
});

test('a township administrator declares a station in a village and the county corrects its 六有 evidence', async () => {
  const page = await openPage(browser, PHONE);
  await staffSignIn(page, 'rencheng-township');

  await page.goto('/staff/stations');
  await page.getByRole('link', { name: '申报站点' }).click();
  await page.waitForURL('**/staff/stations/new');
  const villages = await (await page.request.get('/api/regions/370811002/children')).json();
  const village = villages[villages.length - 1];
  const picker = page.locator('select[name="region-370811002"]');
  await picker.locator(`option[value="${village.code}"]`).waitFor({ state: 'attached' });
  await picker.selectOption(village.code);
  await page.getByLabel('站点名称').fill(`${village.name}益农信息社`);
  await page.getByLabel('依托场所').selectOption({ label: '便利店' });
  await page.getByLabel('地址', { exact: true }).fill(`${village.name}村委会东侧`);
  await page.getByLabel('开放时间').fill('8:00-18:00');
  await page.getByLabel('纬度（可不填）').fill('北纬35度');
  await page.getByRole('button', { name: '保存' }).click();
  assert.equal(await page.locator('.station-details .form-error').innerText(), '经纬度、面积、设备数和带宽请填写数字');
  assert.equal(await page.getByLabel('站点名称').inputValue(), `${village.name}益农信息社`, 'what was typed stays');
  await page.getByLabel('纬度（可不填）').fill('35.41');
  await page.getByLabel('经度（可不填）').fill('116.59');
  await page.getByRole('button', { name: '保存' }).click();

  await page.waitForURL(/\/staff\/stations\/\d{14}$/);
  const code = page.url().split('/').pop();
  assert.ok(code.startsWith(village.code), 'the unified number derives from the village code');
  assert.equal(await page.locator('.station-status').innerText(), '已申报');
  assert.equal(await page.locator('h1').innerText(), `${village.name}益农信息社`);
  assert.equal(await page.getByRole('link', { name: '修改站点信息' }).count(), 0, 'a township declares but does not manage');
  const stored = await (await page.request.get(`/api/stations/${code}`)).json();
  assert.equal(stored.station.host_venue, 'shop');
  assert.equal(stored.station.latitude, 35.41);
  await page.context().close();

  const county = await openPage(browser, PHONE);
  await staffSignIn(county, 'rencheng-county');
  await county.goto(`/staff/stations/${code}`);
  await county.locator('.checklist li').first().waitFor();
  assert.equal(await county.locator('.checklist li.met').count(), 0);
  await county.getByRole('link', { name: '修改站点信息' }).click();
  await county.waitForURL(`**/staff/stations/${code}/edit`);
  assert.equal(await county.getByLabel('站点名称').inputValue(), `${village.name}益农信息社`, 'the form starts from the stored details');
  await county.getByLabel('场所面积（平方米）').fill('40');
  await county.getByLabel('设备数量（台）').fill('3');
  await county.getByLabel('宽带（Mbps）').fill('100');
  await county.getByRole('button', { name: '保存' }).click();
  await county.waitForURL(`**/staff/stations/${code}`);
  await county.locator('.checklist li.met').nth(2).waitFor();
  assert.equal(await county.locator('.checklist li.met').count(), 3, '场所, 设备 and 宽带 are met');
  assert.ok((await county.locator('.checklist').innerText()).includes('✗ 有人员（合格信息员）'));
  await county.context().close();
});
