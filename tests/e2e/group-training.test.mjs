import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, staffSignIn, farmerSignIn, PHONE } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// 任城区 › 许庄街道: the demo township administrator holds the session; 张营村's farmer and a
// new informant of the township sign up.
const FARMER_VILLAGE = '370811002212';

test('a township schedules group training; an informant signs up with a villager, a farmer signs up; the township records attendance and the check, which counts toward qualifying', async () => {
  const n = Date.now() % 100000;
  const topic = `智能手机应用培训${n}`;
  const township = await openPage(browser, PHONE);
  await staffSignIn(township, 'rencheng-township');
  await township.getByRole('link', { name: '集中培训' }).click();
  await township.waitForURL('**/staff/group-training');
  await township.locator('details.schedule-training summary').click();
  // Later today, China time, so the attendance may be recorded today.
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  await township.getByLabel('培训时间').fill(`${today}T23:59`);
  await township.getByLabel('培训地点').fill('许庄街道便民服务中心二楼');
  await township.getByLabel('授课人').fill('区农业农村局 李老师');
  await township.getByRole('button', { name: '发布培训' }).click();
  assert.match(await township.getByRole('alert').innerText(), /请填写培训主题/);
  await township.getByLabel('培训主题').fill(topic);
  await township.getByLabel('手机应用技能').check();
  await township.getByRole('button', { name: '发布培训' }).click();
  const organised = township.locator('.training-session', { hasText: topic });
  await organised.waitFor();
  assert.match(await organised.innerText(), /任城区 许庄街道 · 许庄街道便民服务中心二楼/);
  assert.match(await organised.locator('.training-count').innerText(), /已报名 0 \/ 30 · 到场 0/);

  // A newly registered informant of the township, not yet qualified.
  const villages = await (await township.request.get('/api/regions/370811002/children')).json();
  const phone = `1391${String(n).padStart(7, '0')}`;
  const created = await township.request.post('/api/users', {
    headers: { 'x-yinong-app': '1' },
    data: { role: 'informant', region_code: villages[0].code, name: `赵学员${n}`, phone, password: 'informant-2026' },
  });
  assert.equal(created.status(), 201);
  const informant = await openPage(browser, PHONE);
  await informant.goto('/staff/login');
  await informant.getByLabel('手机号或用户名').fill(phone);
  await informant.getByLabel('密码').fill('informant-2026');
  await informant.getByRole('button', { name: '登录' }).click();
  await informant.getByRole('link', { name: '集中培训' }).click();
  const offered = informant.locator('.training-session', { hasText: topic });
  await offered.getByRole('button', { name: '报名' }).click();
  await offered.getByText('✓ 已报名').waitFor();
  // …and signs up a neighbour without a smartphone.
  await offered.getByRole('link', { name: '帮村民报名' }).click();
  await informant.getByLabel('村民手机号').fill('123');
  await informant.getByLabel('村民姓名').fill('王大娘');
  await informant.locator('.villager-form').getByRole('button', { name: '报名' }).click();
  assert.match(await informant.getByRole('alert').innerText(), /11 位手机号码/);
  await informant.getByLabel('村民手机号').fill(`1381${String(n).padStart(7, '0')}`);
  await informant.locator('.villager-form').getByRole('button', { name: '报名' }).click();
  await informant.locator('.attendee', { hasText: '王大娘' }).waitFor();
  assert.match(await informant.locator('.attendee', { hasText: '王大娘' }).innerText(), /138\*\*\*\*/);

  // A farmer of 张营村 finds it under 培训, signs in and signs up.
  const farmer = await openPage(browser, PHONE);
  await farmer.addInitScript((code) => localStorage.setItem('yinong.village', code), FARMER_VILLAGE);
  await farmer.goto('/training');
  const near = farmer.locator('.training-session', { hasText: topic });
  await near.getByRole('link', { name: '手机号登录' }).click();
  await farmerSignIn(farmer, `1371${String(n).padStart(7, '0')}`);
  await farmer.waitForURL('**/training');
  await near.getByRole('button', { name: '报名' }).click();
  await near.getByText('✓ 已报名').waitFor();
  const width = await farmer.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `the training page fits the phone (${width} px)`);

  // The township records who came and the informant's check.
  await township.reload();
  await township.locator('.training-session', { hasText: topic }).getByRole('link', { name: '报名名单' }).click();
  const cards = township.locator('.attendee');
  await cards.first().waitFor();
  assert.equal(await cards.count(), 3);
  const learner = township.locator('.attendee').filter({ has: township.locator('.attendee-name', { hasText: `赵学员${n}` }) });
  assert.match(await learner.innerText(), /信息员/);
  await learner.getByLabel('能力考核（分）').fill('85');
  await learner.getByRole('button', { name: '保存' }).click();
  assert.equal(await learner.getByRole('alert').innerText(), '没有到场的人不能考核');
  await learner.getByLabel('到场').check();
  await learner.getByRole('button', { name: '保存' }).click();
  await learner.locator('.check-score', { hasText: '85' }).waitFor();
  const neighbour = township.locator('.attendee', { hasText: '王大娘' });
  assert.match(await neighbour.innerText(), new RegExp(`代报名：赵学员${n}`));
  const farmerCard = township.locator('.attendee').filter({ hasNotText: '赵学员' });
  assert.equal(await farmerCard.getByLabel('能力考核（分）').count(), 0, 'only informants are checked');
  await farmerCard.getByLabel('到场').check();
  await farmerCard.getByRole('button', { name: '保存' }).click();
  await township.locator('.attendee[data-attended="true"]').nth(1).waitFor();
  assert.match(await township.locator('.training-count').innerText(), /已报名 3 \/ 30 · 到场 2/);
  assert.equal(await neighbour.getAttribute('data-attended'), 'false');

  // The passed check counts as the phone course learnt: the exam now waits on the other one.
  await informant.goto('/staff/qualification');
  await informant.locator('.exam-problem').waitFor();
  assert.match(await informant.locator('.exam-problem').innerText(), /请先学完必修课程“种粮补贴怎么领”/);
  for (const page of [township, informant, farmer]) await page.context().close();
});
