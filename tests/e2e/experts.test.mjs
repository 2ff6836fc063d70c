import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, staffSignIn, farmerSignIn, PHONE, TABLET } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// 任城区 › 许庄街道 › 张营村. The demo's 任城区 expert is an agronomist (crops, pests, soil);
// 济宁's is a livestock expert; the demo's 玉米 question has waited 30 hours, its 山羊 one 20.
const VILLAGE = '370811002212';

test('a farmer calls 12316 or asks; a question reaches the county specialist first and the city after a day; the county reads answer times', async () => {
  const farmer = await openPage(browser, PHONE);
  await farmer.addInitScript((code) => localStorage.setItem('yinong.village', code), VILLAGE);
  // The hotline is one tap on the 公益 pages and on the question pages.
  for (const [path, where] of [['/services', '#public_welfare'], ['/notices', '.bulletins'], ['/questions', '.questions']]) {
    await farmer.goto(path);
    const call = farmer.locator(`${where} a.hotline-call`);
    await call.waitFor();
    assert.equal(await call.getAttribute('href'), 'tel:12316', path);
    assert.match(await call.innerText(), /拨打 12316 热线/);
  }
  const crop = `仔猪${Date.now() % 10000}`;
  await farmer.goto('/questions/new');
  await farmer.getByRole('link', { name: '手机号登录' }).click();
  await farmerSignIn(farmer, '13812390002');
  await farmer.waitForURL('**/questions/new');
  await farmer.getByLabel('作物或畜禽').fill(crop);
  await farmer.getByLabel('畜禽水产').check();
  await farmer.getByLabel('问题（说清楚症状、时间、面积）').fill('刚买的仔猪咳嗽、喘，吃得少，怎么办？');
  await farmer.getByRole('button', { name: '提交问题' }).click();
  await farmer.waitForURL((url) => /^\/questions\/\d+$/.test(url.pathname));
  await farmer.getByText('等待专家答复').waitFor();
  assert.equal(await farmer.locator('a.hotline-call').getAttribute('href'), 'tel:12316');

  // 任城区's agronomist: the 30-hour-old 玉米 question reaches them, the fresh pig one not.
  const agronomist = await openPage(browser, PHONE);
  await staffSignIn(agronomist, 'rencheng-expert');
  await agronomist.getByRole('link', { name: '待答复的问题' }).click();
  const profile = agronomist.locator('details.expert-profile');
  assert.equal(await profile.locator('summary').innerText(), '我的专业：农艺师 · 栽培管理、病虫害、土肥水');
  await agronomist.locator('.queue-card', { hasText: '玉米' }).waitFor();
  assert.equal(await agronomist.locator('.queue-card', { hasText: crop }).count(), 0, 'not their specialty yet');
  // They take on livestock too; the pig question reaches them at once and they answer it.
  await profile.locator('summary').click();
  await profile.getByLabel('职称（例如：高级农艺师）').fill('');
  await profile.getByRole('button', { name: '保存专业' }).click();
  assert.match(await profile.getByRole('alert').innerText(), /请填写职称/);
  await profile.getByLabel('职称（例如：高级农艺师）').fill('高级农艺师');
  await profile.getByLabel('畜禽水产').check();
  await profile.getByRole('button', { name: '保存专业' }).click();
  await profile.getByRole('status').waitFor();
  assert.equal(await profile.locator('summary').innerText(), '我的专业：高级农艺师 · 栽培管理、病虫害、土肥水、畜禽水产');
  const pigCard = agronomist.locator('.queue-card', { hasText: crop });
  await pigCard.waitFor();
  await pigCard.getByLabel('答复（农民会看到，可朗读）').fill('先把咳嗽的仔猪隔开，圈舍保暖通风；发烧、喘得厉害请镇畜牧站兽医诊断后用药。');
  await pigCard.getByRole('button', { name: '提交答复' }).click();
  await pigCard.waitFor({ state: 'detached' });
  const width = await agronomist.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `the queue fits the phone (${width} px)`);

  // 济宁's livestock expert sees only what 任城区 left unanswered a day: 玉米, not 山羊.
  const city = await openPage(browser, PHONE);
  await staffSignIn(city, 'jining-expert');
  await city.getByRole('link', { name: '待答复的问题' }).click();
  const corn = city.locator('.queue-card', { hasText: '玉米' });
  await corn.waitFor();
  assert.equal(await city.locator('.queue-card', { hasText: '山羊' }).count(), 0, 'the goat question has waited 20 hours');
  await corn.getByLabel('答复（农民会看到，可朗读）').fill('每亩追施尿素 15～20 公斤，开沟深施后覆土，土壤干时结合浇水。');
  await corn.getByRole('button', { name: '提交答复' }).click();
  await corn.waitFor({ state: 'detached' });

  // The farmer reads the county specialist's answer.
  await farmer.reload();
  await farmer.locator('.answer').waitFor();
  assert.match(await farmer.locator('.answer').innerText(), /任城区农技专家（演示）/);

  // The county, on a tablet, reads the answer times per expert from the workbench.
  const county = await openPage(browser, TABLET);
  await staffSignIn(county, 'rencheng-county');
  await county.getByRole('link', { name: '专家答复时效' }).click();
  const rows = county.locator('.answer-times-table tbody tr');
  await rows.first().waitFor();
  assert.match(await county.locator('.answer-times-summary').innerText(), /任城区 · 近 90 天 · 等待答复 \d+ · 其中已转市级 \d+/);
  const cells = async (name) => county.locator('.expert-row', { hasText: name }).locator('th, td').allInnerTexts();
  const agronomistRow = await cells('任城区农技专家');
  assert.equal(agronomistRow[0], '任城区农技专家（演示）\n高级农艺师');
  assert.equal(agronomistRow[1], '栽培管理、病虫害、土肥水、畜禽水产');
  assert.ok(Number(agronomistRow[3]) >= 3, `two demo answers and the pig's (${agronomistRow[3]})`);
  const cityRow = await cells('济宁市畜牧专家');
  assert.deepEqual([cityRow[0], cityRow[1], cityRow[2], cityRow[3], cityRow[6]],
    ['济宁市畜牧专家（演示）\n高级畜牧师', '畜禽水产', '济宁市', '1', '1']);
  assert.ok(Number(cityRow[5]) >= 30, `the 玉米 question waited 30 hours (${cityRow[5]})`);

  // 济宁's leader reaches the same table from 任城区's dashboard.
  const leader = await openPage(browser, TABLET);
  await staffSignIn(leader, 'jining-leader');
  await leader.goto('/staff/dashboard?region=370811');
  await leader.getByRole('link', { name: '专家答复时效' }).click();
  await leader.locator('.expert-row', { hasText: '济宁市畜牧专家' }).waitFor();

  // A township's administrator is not offered it.
  const township = await openPage(browser, PHONE);
  await staffSignIn(township, 'rencheng-township');
  await township.getByRole('heading', { name: '信息员工作台' }).waitFor();
  assert.equal(await township.getByRole('link', { name: '专家答复时效' }).count(), 0);
  for (const page of [farmer, agronomist, city, county, leader, township]) await page.context().close();
});
