import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, staffSignIn, png, PHONE, TABLET } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// In a field of 张营村, the phone's position as its GPS gives it.
const FIELD = { latitude: 35.412345, longitude: 116.587654 };

test('at 360×640 the informant reports a crop disease from the field with a photo and its place; the township confirms it and the county reads it', async () => {
  const description = `玉米大斑病 ${Date.now() % 10000}：叶片上长出长条形灰褐色病斑，东片地块最重。`;
  const informant = await openPage(browser, { ...PHONE, geolocation: FIELD, permissions: ['geolocation'] });
  await staffSignIn(informant, 'zhangying-informant');
  await informant.getByRole('link', { name: '病虫害和灾情上报' }).click();
  await informant.waitForURL('**/staff/incidents');
  await informant.getByLabel('病害').check();
  await informant.getByLabel('受害作物（灾情可不填）').fill('玉米');
  await informant.getByLabel('情况说明').fill('有病');
  await informant.getByRole('button', { name: '提交上报' }).click();
  assert.match(await informant.getByRole('alert').innerText(), /情况说明至少 10 个字/);
  await informant.getByLabel('情况说明').fill(description);
  await informant.getByLabel('受害面积（亩，可不填）').fill('12.55');
  await informant.getByRole('button', { name: '提交上报' }).click();
  assert.match(await informant.getByRole('alert').innerText(), /面积请填亩数/);
  await informant.getByLabel('受害面积（亩，可不填）').fill('12.5');
  await informant.getByRole('button', { name: '获取位置' }).click();
  await informant.getByText('位置：35.412345, 116.587654').waitFor();
  await informant.locator('input[type="file"]').setInputFiles({ name: 'leaf.png', mimeType: 'image/png', buffer: png(1200, 900) });
  await informant.locator('.photo-thumbs img').waitFor();
  // A phone call: the page reloads and what was typed is still there.
  await informant.reload();
  await informant.waitForFunction((text) => document.querySelector('textarea[name="description"]')?.value === text, description);
  await informant.getByText('位置：35.412345, 116.587654').waitFor();
  assert.equal(await informant.getByLabel('病害').isChecked(), true);
  await informant.getByRole('button', { name: '提交上报' }).click();
  await informant.getByText('已保存在手机上，有网络时自动发送。').waitFor();
  await informant.locator('.outbox-record[data-state="Sent"]', { hasText: '病害 玉米' }).waitFor();
  const mine = informant.locator('.queue-card:not(.outbox-record)', { hasText: description });
  await mine.waitFor();
  assert.match(await mine.innerText(), /待审核/);
  assert.match(await mine.innerText(), /面积：12\.5 亩/);
  await mine.locator('.listing-photos img').waitFor();
  const width = await informant.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `nothing wider than the phone (${width} px)`);
  await informant.context().close();

  const township = await openPage(browser, PHONE);
  await staffSignIn(township, 'rencheng-township');
  await township.getByRole('link', { name: '病虫害和灾情审核' }).click();
  const card = township.locator('.queue-card', { hasText: description });
  await card.waitFor();
  assert.match(await card.innerText(), /张营村/);
  await card.getByRole('button', { name: '通过', exact: true }).click();
  await card.waitFor({ state: 'detached' });
  await township.context().close();

  const county = await openPage(browser, TABLET);
  await staffSignIn(county, 'rencheng-county');
  await county.getByRole('link', { name: '病虫害和灾情审核' }).click();
  await county.locator('.status-filters').getByRole('button', { name: '已发布' }).click();
  const confirmed = county.locator('.queue-card', { hasText: description });
  await confirmed.waitFor();
  assert.match(await confirmed.innerText(), /位置：35\.412345, 116\.587654/);
  await confirmed.locator('.listing-photos img').waitFor();
  await county.context().close();
});

test('at 360×640 the informant reports how the wheat stands at harvest — stage, grade, share harvested, yield expected — and the township confirms a page of reports at once', async () => {
  const description = `麦穗整齐，籽粒饱满 ${Date.now() % 10000}，南片已开镰收割。`;
  const informant = await openPage(browser, PHONE);
  await staffSignIn(informant, 'zhangying-informant');
  await informant.getByRole('link', { name: '苗情、病虫害和灾情上报' }).click();
  await informant.waitForURL('**/staff/incidents');
  await informant.getByLabel('苗情和生产').check();
  await informant.getByLabel('作物', { exact: true }).fill('小麦');
  await informant.getByLabel('生育期').selectOption({ label: '成熟收获' });
  await informant.getByLabel('二类苗（长势一般）').check();
  await informant.getByLabel('播种或收获进度（%，可不填）').fill('120');
  await informant.getByLabel('预计亩产（斤，可不填）').fill('1100');
  await informant.getByLabel('种植面积（亩，可不填）').fill('420');
  await informant.getByLabel('情况说明').fill(description);
  await informant.getByRole('button', { name: '提交上报' }).click();
  assert.match(await informant.getByRole('alert').innerText(), /进度请填 0 到 100 的整数/);
  await informant.getByLabel('播种或收获进度（%，可不填）').fill('60');
  await informant.getByRole('button', { name: '提交上报' }).click();
  await informant.locator('.outbox-record[data-state="Sent"]', { hasText: '苗情和生产 小麦' }).waitFor();
  const mine = informant.locator('.queue-card:not(.outbox-record)', { hasText: description });
  await mine.waitFor();
  assert.match(await mine.innerText(), /成熟收获 · 二类苗（长势一般） · 进度：60% · 预计亩产：1100 斤\/亩/);
  assert.match(await mine.innerText(), /面积：420\.0 亩/);
  // The form is empty again, back to the usual kind.
  assert.equal(await informant.getByLabel('虫害').isChecked(), true);
  const width = await informant.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `nothing wider than the phone (${width} px)`);
  await informant.context().close();

  // The township confirms the page of waiting reports at once.
  const township = await openPage(browser, PHONE);
  await staffSignIn(township, 'rencheng-township');
  await township.getByRole('link', { name: '苗情、病虫害和灾情审核' }).click();
  const card = township.locator('.queue-card', { hasText: description });
  await card.waitFor();
  assert.match(await card.innerText(), /成熟收获 · 二类苗（长势一般）/);
  const waiting = await township.locator('.queue-card').count();
  await township.getByRole('button', { name: `全部通过，本页条数： ${waiting}` }).click();
  await township.getByText(`已通过条数： ${waiting}`).waitFor();
  await card.waitFor({ state: 'detached' });
  await township.context().close();
});
