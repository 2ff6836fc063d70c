import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, staffSignIn, PHONE } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// 任城区 › 许庄街道 › 张营村, a demo village with an operating station.
const VILLAGE = '370811002212';

/** A farmer's phone with 张营村 chosen, its speech synthesis recording what it is asked to say. */
async function farmerOfZhangying() {
  const page = await openPage(browser, PHONE);
  await page.addInitScript(() => {
    window.spoken = [];
    if (window.speechSynthesis) {
      window.speechSynthesis.speak = (utterance) => window.spoken.push({ text: utterance.text, lang: utterance.lang });
    }
  });
  await page.goto('/');
  await page.evaluate((code) => localStorage.setItem('yinong.village', code), VILLAGE);
  await page.reload();
  return page;
}

function inDays(days) {
  // China's date, as the server counts it.
  const china = new Date(Date.now() + 8 * 3600_000 + days * 86_400_000);
  return china.toISOString().slice(0, 10);
}

test('at 360×640 a county warning reaches the top of a village home page, is read aloud, and goes when withdrawn', async () => {
  const title = `玉米螟虫情预警 ${Date.now()}`;
  const admin = await openPage(browser, PHONE);
  await staffSignIn(admin, 'rencheng-county');
  await admin.getByRole('link', { name: '发布通知和预警' }).click();
  await admin.waitForURL('**/staff/bulletins');
  await admin.getByLabel('类别').selectOption({ label: '虫情预警' });
  await admin.getByLabel('标题').fill(title);
  await admin.getByLabel('正文').fill('田间玉米螟虫量上升。\n请及时用药防治，注意安全间隔期。');
  // A warning needs its last day; the server says so and nothing typed is lost.
  await admin.getByRole('button', { name: '发布' }).click();
  assert.equal(await admin.getByRole('alert').innerText(), '预警必须填写截止日期，过期后不再显示');
  assert.equal(await admin.getByLabel('标题').inputValue(), title);
  await admin.getByLabel('截止日期（预警必填）').fill(inDays(5));
  await admin.getByRole('button', { name: '发布' }).click();
  const row = admin.locator('.published', { hasText: title });
  await row.waitFor();
  assert.match(await row.innerText(), /任城区/);
  assert.equal(await admin.getByLabel('标题').inputValue(), '', 'the form is cleared for the next one');

  const farmer = await farmerOfZhangying();
  const warning = farmer.locator('.warnings .bulletin-link', { hasText: title });
  await warning.waitFor();
  const [warningBox, villageBox] = [await warning.boundingBox(), await farmer.locator('.my-village').boundingBox()];
  assert.ok(warningBox.y < villageBox.y, 'the warning is above everything else');
  assert.match(await warning.innerText(), new RegExp(`有效至 ${inDays(5)}`));
  // The township's demo notice is listed under the station.
  await farmer.locator('.village-notices', { hasText: '冬季农业技术培训通知' }).waitFor();
  const width = await farmer.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `nothing wider than the phone (${width} px)`);

  await warning.click();
  await farmer.waitForURL(/\/notices\/\d+$/);
  await farmer.getByRole('heading', { name: title }).waitFor();
  assert.match(await farmer.locator('.bulletin-body').innerText(), /注意安全间隔期/);
  await farmer.getByRole('button', { name: '朗读' }).click();
  await farmer.getByRole('button', { name: '停止朗读' }).waitFor();
  const spoken = await farmer.evaluate(() => window.spoken);
  assert.equal(spoken.length, 1);
  assert.equal(spoken[0].lang, 'zh-CN');
  assert.ok(spoken[0].text.startsWith(title) && spoken[0].text.includes('请及时用药防治'), spoken[0].text);
  await farmer.getByRole('button', { name: '停止朗读' }).click();
  await farmer.getByRole('button', { name: '朗读', exact: true }).waitFor();

  await row.getByRole('button', { name: '撤下' }).click();
  await row.getByText('已撤下').waitFor();
  await farmer.goto('/');
  await farmer.locator('.my-village').waitFor();
  assert.equal(await farmer.locator('.warnings .bulletin-link', { hasText: title }).count(), 0);
  await farmer.context().close();
  await admin.context().close();
});

test('at 360×640 a farmer pages through their village\'s warnings and notices', async () => {
  const farmer = await farmerOfZhangying();
  await farmer.getByRole('link', { name: '全部通知和预警' }).click();
  await farmer.waitForURL('**/notices');
  // The demo's 济宁 cold-wave and 任城区 pest warnings, then the notices of the country and the township.
  await farmer.locator('.bulletin-link', { hasText: '寒潮蓝色预警' }).waitFor();
  await farmer.locator('.bulletin-link', { hasText: '小麦蚜虫防治提醒' }).waitFor();
  await farmer.getByRole('button', { name: '通知和政策' }).click();
  await farmer.locator('.bulletin-link', { hasText: '益农信息社：服务不出村' }).waitFor();
  await farmer.locator('.bulletin-link', { hasText: '冬季农业技术培训通知' }).waitFor();
  assert.equal(await farmer.locator('.bulletin-link', { hasText: '寒潮蓝色预警' }).count(), 0);
  await farmer.context().close();
});
