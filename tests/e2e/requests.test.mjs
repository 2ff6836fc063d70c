import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, staffSignIn, PHONE, farmerSignIn } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// The demo informant's village (许庄街道 张营村) and its operating station.
const VILLAGE = '370811002212';
const STATION = '37081100221201';

/** A farmer whose village is 张营村, signed in with the code sent to `phone`, on `path`. */
async function farmerAt(path, phone) {
  const page = await openPage(browser, PHONE);
  await page.goto('/village');
  await page.evaluate((code) => localStorage.setItem('yinong.village', code), VILLAGE);
  await page.goto(path);
  await page.getByRole('link', { name: '手机号登录' }).click();
  await page.waitForURL((url) => url.pathname === '/login' && url.search === `?next=${path}`);
  await farmerSignIn(page, phone);
  await page.waitForURL((url) => url.pathname === path);
  return page;
}

/** The informant's card in their queue that holds `details`. */
function queueCard(page, details) {
  return page.locator('.queue-card', { hasText: details });
}

async function showQueue(page, status) {
  await page.locator('.status-filters').getByRole('button', { name: status }).click();
}

async function assertFitsThePhone(page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `nothing wider than the phone (${width} px)`);
}

test('at 360×640 a farmer asks the station to pay a bill and sees the informant accept and finish it', async () => {
  const details = `电费 户号 ${Date.now()} 金额 120 元`;
  const page = await openPage(browser, PHONE);
  await page.goto('/');
  await page.evaluate((code) => localStorage.setItem('yinong.village', code), VILLAGE);
  await page.reload();
  // From the station on the home page to the request form, which asks to sign in first.
  await page.getByRole('link', { name: '请信息社代办代购' }).click();
  await page.waitForURL('**/requests/new');
  await page.getByText('登录后才能发布和查看你的信息。').waitFor();
  await page.context().close();

  const farmer = await farmerAt('/requests/new', '13812350001');
  await farmer.getByRole('button', { name: '提交请求' }).click();
  assert.equal(await farmer.getByRole('alert').innerText(), '要办什么？');
  await farmer.getByLabel('缴水电费').check();
  const field = farmer.getByLabel('具体说明');
  assert.match(await field.getAttribute('placeholder'), /户号/);
  await field.fill(details);
  await assertFitsThePhone(farmer);

  // The answer is lost on the way back once, after the server took the request: the farmer
  // is told, nothing typed is lost, and tapping again does not make it twice.
  await farmer.route('**/api/requests', async (route) => {
    await route.fetch();
    await route.abort();
  }, { times: 1 });
  await farmer.getByRole('button', { name: '提交请求' }).click();
  assert.match(await farmer.getByRole('alert').innerText(), /网络连接失败/);
  assert.equal(await field.inputValue(), details);
  assert.ok(await farmer.getByLabel('缴水电费').isChecked());
  await farmer.getByRole('button', { name: '提交请求' }).click();
  await farmer.waitForURL(/\/requests\/\d+$/);
  await farmer.locator('.request-status', { hasText: '待受理' }).waitFor();
  assert.equal(await farmer.locator('.request-details').innerText(), details);
  assert.deepEqual(await farmer.locator('.event-step').allInnerTexts(), ['已提交']);
  const mine = await (await farmer.request.get('/api/requests/mine')).json();
  assert.equal(mine.requests.filter((r) => r.details === details).length, 1, 'one request for two taps');

  // The informant of 张营村 finds it waiting on their workbench.
  const informant = await openPage(browser, PHONE);
  await staffSignIn(informant, 'zhangying-informant');
  const card = queueCard(informant, details);
  await card.waitFor();
  assert.match(await card.locator('.request-farmer').innerText(), /13812350001/);
  assert.equal(await card.locator('a.call').getAttribute('href'), 'tel:13812350001');
  await card.getByRole('button', { name: '受理' }).click();
  await card.waitFor({ state: 'detached' });
  await showQueue(informant, '办理中');
  await queueCard(informant, details).getByRole('button', { name: '办结' }).click();
  await queueCard(informant, details).waitFor({ state: 'detached' });
  await showQueue(informant, '已办结');
  await queueCard(informant, details).waitFor();
  await assertFitsThePhone(informant);

  // The farmer refreshes and sees every step; a request done cannot be withdrawn.
  await farmer.getByRole('button', { name: '刷新状态' }).click();
  await farmer.locator('.request-status', { hasText: '已办结' }).waitFor();
  assert.deepEqual(await farmer.locator('.event-step').allInnerTexts(), ['已提交', '已受理', '已办结']);
  assert.equal(await farmer.getByRole('button', { name: '撤销请求' }).count(), 0);
  // 我的请求 lists it, newest first.
  await farmer.getByRole('link', { name: '代办代购' }).click();
  await farmer.waitForURL('**/requests');
  const first = farmer.locator('.request-card').first();
  assert.match(await first.innerText(), new RegExp(details));
  assert.match(await first.locator('.request-status').innerText(), /已办结/);
  await farmer.context().close();
  await informant.context().close();
});

test('at 360×640 a farmer withdraws a waiting request and reads why the informant cancelled another', async () => {
  const withdrawn = `话费 ${Date.now()} 50 元`;
  const refused = `复合肥 ${Date.now()} 100 袋`;
  const farmer = await farmerAt('/requests', '13812350002');
  const ask = async (item, details) => {
    const response = await farmer.request.post('/api/requests', {
      headers: { 'x-yinong-app': '1' },
      data: { station_code: STATION, item, details },
    });
    assert.equal(response.status(), 201);
    return (await response.json()).id;
  };
  const first = await ask('phone_top_up', withdrawn);
  await ask('farm_inputs', refused);

  await farmer.goto(`/requests/${first}`);
  await farmer.getByRole('button', { name: '撤销请求' }).click();
  await farmer.locator('.request-status', { hasText: '已撤销' }).waitFor();
  assert.equal(await farmer.getByRole('button', { name: '撤销请求' }).count(), 0);

  const informant = await openPage(browser, PHONE);
  await staffSignIn(informant, 'zhangying-informant');
  await queueCard(informant, refused).waitFor();
  assert.equal(await queueCard(informant, withdrawn).count(), 0, 'a withdrawn request leaves the queue');
  await queueCard(informant, refused).getByRole('button', { name: '撤销' }).click();
  await queueCard(informant, refused).getByRole('button', { name: '确认撤销' }).click();
  assert.equal(await queueCard(informant, refused).getByRole('alert').innerText(), '撤销请求需要填写原因，农民会看到');
  await queueCard(informant, refused).getByLabel('撤销原因（农民会看到）').fill('数量太大，请来站点商量');
  await queueCard(informant, refused).getByRole('button', { name: '确认撤销' }).click();
  await queueCard(informant, refused).waitFor({ state: 'detached' });
  await informant.context().close();

  await farmer.goto('/requests');
  const card = farmer.locator('.request-card', { hasText: refused });
  assert.match(await card.locator('.request-status').innerText(), /已撤销/);
  await card.click();
  await farmer.locator('.event-reason', { hasText: '数量太大，请来站点商量' }).waitFor();
  await farmer.context().close();
});
