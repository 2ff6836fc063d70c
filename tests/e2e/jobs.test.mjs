import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, PHONE, farmerSignIn, staffSignIn } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// 任城区 › 许庄街道 › 张营村.
const VILLAGE = '370811002212';

function inDays(days) {
  const china = new Date(Date.now() + 8 * 3600_000 + days * 86_400_000);
  return china.toISOString().slice(0, 10);
}

/** A phone whose village is 张营村, on `path`. */
async function villagerAt(path) {
  const page = await openPage(browser, PHONE);
  await page.addInitScript((code) => localStorage.setItem('yinong.village', code), VILLAGE);
  await page.goto(path);
  return page;
}

test('at 360×640 a villager posts work for tomorrow and a neighbour finds it by county and day', async () => {
  const title = `收玉米 ${Date.now() % 100000}`;
  const poster = await villagerAt('/jobs/new');
  await poster.getByRole('link', { name: '手机号登录' }).click();
  const phone = '13812370001';
  await farmerSignIn(poster, phone);
  await poster.waitForURL('**/jobs/new');

  await poster.getByLabel('招工', { exact: true }).check();
  await poster.getByLabel('本村').check();
  await poster.getByLabel('标题').fill(title);
  await poster.getByLabel('工钱').fill('150 元/天');
  await poster.getByLabel('联系人称呼').fill('王师傅');
  // A date long past: the server refuses it and the form keeps everything.
  await poster.getByLabel('开始日期').fill('2020-01-01');
  await poster.getByRole('button', { name: '发布信息' }).click();
  assert.equal(await poster.getByRole('alert').innerText(), '开始日期不能早于今天');
  assert.equal(await poster.getByLabel('标题').inputValue(), title);
  await poster.getByLabel('开始日期').fill(inDays(1));
  await poster.getByLabel('结束日期（一天的活可不填）').fill(inDays(2));
  await poster.getByLabel('人数（可不填）').fill('5');
  await poster.getByRole('button', { name: '发布信息' }).click();
  await poster.waitForURL((url) => url.pathname === '/jobs');
  const own = poster.locator('.job-card', { hasText: title });
  await own.waitFor();
  assert.match(await own.innerText(), /任城区 许庄街道 张营村/);
  assert.match(await own.innerText(), new RegExp(`${inDays(1)} 至 ${inDays(2)}`));
  await own.getByRole('button', { name: '撤下' }).waitFor();

  // A neighbour, not signed in, sees it on their county's board and can call.
  const neighbour = await villagerAt('/jobs');
  assert.equal(await neighbour.locator('.status-filters button[aria-pressed="true"]').first().innerText(), '本县');
  const card = neighbour.locator('.job-card', { hasText: title });
  await card.waitFor();
  assert.equal(await card.locator('a.call').getAttribute('href'), `tel:${phone}`);
  assert.equal(await card.getByRole('button', { name: '撤下' }).count(), 0, 'only the poster takes it down');
  const width = await neighbour.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `nothing wider than the phone (${width} px)`);
  await neighbour.getByLabel('哪天有活').fill(inDays(5));
  await neighbour.getByLabel('哪天有活').dispatchEvent('change');
  await card.waitFor({ state: 'detached' });
  await neighbour.getByLabel('哪天有活').fill(inDays(2));
  await neighbour.getByLabel('哪天有活').dispatchEvent('change');
  await card.waitFor();
  await neighbour.locator('.status-filters').getByRole('button', { name: '找活' }).click();
  await card.waitFor({ state: 'detached' });

  await own.getByRole('button', { name: '撤下' }).click();
  await own.waitFor({ state: 'detached' });
  await neighbour.reload();
  await neighbour.locator('.jobs .note, .job-card').first().waitFor();
  assert.equal(await neighbour.locator('.job-card', { hasText: title }).count(), 0);
  await poster.context().close();
  await neighbour.context().close();
});

test('at 360×640 the informant posts work for a neighbour without a smartphone, with the neighbour\'s number; villagers call the neighbour', async () => {
  const title = `帮忙收花生 ${Date.now() % 100000}`;
  const contactPhone = '13812370088';
  const informant = await openPage(browser, PHONE);
  await staffSignIn(informant, 'zhangying-informant');
  await informant.getByRole('link', { name: '代发招工' }).click();
  await informant.waitForURL('**/staff/jobs/for-farmer');
  await informant.getByLabel('招工', { exact: true }).check();
  await informant.getByLabel('本乡镇').check();
  await informant.getByLabel('标题').fill(title);
  await informant.getByLabel('工钱').fill('120 元/天');
  await informant.getByLabel('开始日期').fill(inDays(2));
  await informant.getByLabel('联系人称呼').fill('赵大叔');
  await informant.getByRole('button', { name: '发布信息' }).click();
  assert.equal(await informant.getByRole('alert').innerText(), '请填写联系人正确的 11 位手机号码');
  await informant.getByLabel('联系人手机号码').fill(contactPhone);
  await informant.getByRole('button', { name: '发布信息' }).click();
  await informant.locator('.outbox-record[data-state="Sent"]', { hasText: title }).waitFor({ timeout: 30_000 });
  assert.equal(await informant.getByLabel('标题').inputValue(), '', 'ready for the next one');
  const width = await informant.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `the form fits the phone (${width} px)`);
  await informant.context().close();

  const neighbour = await villagerAt('/jobs');
  const card = neighbour.locator('.job-card', { hasText: title });
  await card.waitFor();
  assert.match(await card.innerText(), /任城区 许庄街道/);
  assert.match(await card.innerText(), /赵大叔/);
  assert.equal(await card.locator('a.call').getAttribute('href'), `tel:${contactPhone}`);
  await neighbour.context().close();
});
