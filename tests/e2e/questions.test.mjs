import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, staffSignIn, farmerSignIn, png, PHONE } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// 任城区 › 许庄街道 › 张营村: the demo expert of 任城区 answers its questions.
const VILLAGE = '370811002212';

test('at 360×640 a farmer asks about wheat with a photo, the county expert answers, and the farmer rates it', async () => {
  const crop = `小麦${Date.now() % 10000}`;
  const farmer = await openPage(browser, PHONE);
  await farmer.addInitScript((code) => localStorage.setItem('yinong.village', code), VILLAGE);
  await farmer.goto('/questions/new');
  await farmer.getByRole('link', { name: '手机号登录' }).click();
  await farmerSignIn(farmer, '13812390001');
  await farmer.waitForURL('**/questions/new');

  await farmer.getByLabel('作物或畜禽').fill(crop);
  await farmer.getByLabel('病虫害').check();
  await farmer.getByLabel('问题（说清楚症状、时间、面积）').fill('麦叶上有一行行黄色粉末，一抹就掉，是什么病？');
  await farmer.locator('input[type="file"]').setInputFiles({ name: 'leaf.png', mimeType: 'image/png', buffer: png(1200, 900) });
  await farmer.locator('.photo-thumbs img').waitFor();
  const width = await farmer.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `the form fits the phone (${width} px)`);
  await farmer.getByRole('button', { name: '提交问题' }).click();
  await farmer.waitForURL((url) => /^\/questions\/\d+$/.test(url.pathname));
  const questionPath = new URL(farmer.url()).pathname;
  await farmer.getByText('等待专家答复').waitFor();
  assert.equal(await farmer.locator('.listing-photos img').count(), 1);

  // The expert of 任城区 finds it in the queue, with the photo, and answers.
  const expert = await openPage(browser, PHONE);
  await staffSignIn(expert, 'rencheng-expert');
  await expert.getByRole('link', { name: '待答复的问题' }).click();
  const card = expert.locator('.queue-card', { hasText: crop });
  await card.waitFor();
  assert.equal(await card.locator('.listing-photos img').count(), 1);
  // Too short an answer is refused and kept.
  await card.getByLabel('答复（农民会看到，可朗读）').fill('锈病');
  await card.getByRole('button', { name: '提交答复' }).click();
  assert.equal(await card.getByRole('alert').innerText(), '请写出具体的答复（至少 5 个字）');
  await card.getByLabel('答复（农民会看到，可朗读）').fill('是小麦条锈病。每亩用三唑酮 60 克兑水 30 公斤喷雾，七天后再喷一次。');
  await card.getByRole('button', { name: '提交答复' }).click();
  await card.waitFor({ state: 'detached' });

  // The farmer reads the answer (or has it read aloud) and rates it.
  await farmer.reload();
  const answer = farmer.locator('.answer');
  await answer.waitFor();
  assert.match(await answer.innerText(), /三唑酮/);
  assert.match(await answer.innerText(), /任城区农技专家（演示）/);
  await answer.getByRole('button', { name: '朗读' }).waitFor();
  await farmer.getByRole('button', { name: '4 星' }).click();
  await farmer.getByText('谢谢评价！').waitFor();
  await farmer.reload();
  await farmer.locator('.star[aria-pressed="true"]').waitFor();
  assert.equal(await farmer.locator('.star[aria-pressed="true"]').getAttribute('aria-label'), '4 星');

  // Anyone finds it in the knowledge base by its crop.
  const neighbour = await openPage(browser, PHONE);
  await neighbour.goto('/questions');
  await neighbour.getByLabel('搜作物或问题').fill(crop);
  await neighbour.getByLabel('搜作物或问题').dispatchEvent('change');
  const found = neighbour.locator('.question-card', { hasText: crop });
  await found.waitFor();
  assert.match(await found.innerText(), /已答复/);
  await found.click();
  await neighbour.waitForURL(`**${questionPath}`);
  await neighbour.locator('.answer').waitFor();
  assert.equal(await neighbour.locator('.star').count(), 0, 'only the asker rates');
  for (const page of [farmer, expert, neighbour]) await page.context().close();
});
