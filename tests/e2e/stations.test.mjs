import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, PHONE } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a county administrator approves a declared station and must give a reason to reject', async () => {
  const page = await openPage(browser, PHONE);
  await page.goto('/staff/login');
  await page.getByLabel('手机号或用户名').fill('rencheng-county');
  await page.getByLabel('密码').fill('yinong-demo-2026');
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(/\/staff(\/dashboard)?$/);

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
