import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, staffSignIn, farmerSignIn, figure, PHONE, TABLET } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// 任城区 › 许庄街道 › 张营村: its station is served by the demo contract of 任城区运营商.
const VILLAGE = '370811002212';

// A contract's row in the assessment table: `figure(row, 0)` its stations, 5 the complaints
// found true.

test('the county corrects its operator, a farmer complaint counts against it, the operator is replaced and its stations pass on; 新平县 signs its first contract', async () => {
  // 任城区 on a tablet: the demo contract and the year's assessment.
  const county = await openPage(browser, TABLET);
  await staffSignIn(county, 'rencheng-county');
  await county.getByRole('link', { name: '运营商管理' }).click();
  await county.waitForURL('**/staff/operators');
  const card = county.locator('.contract-card', { hasText: '任城区运营商（演示）' });
  await card.waitFor();
  assert.match(await card.innerText(), /履约中/);
  const row = county.locator('.operator-table tbody tr', { hasText: '任城区运营商（演示）' });
  await row.waitFor();
  assert.ok(await figure(row, 0) > 100, "任城区's stations are under the contract");
  const complaintsBefore = await figure(row, 5);

  // A second operator for a township already served in that period is refused.
  await county.getByText('签订运营合同').click();
  await county.getByLabel(/^运营商/).selectOption({ label: '济宁市运营商（演示）' });
  await county.getByRole('checkbox', { name: /^许庄街道/ }).check();
  await county.getByRole('button', { name: '签订合同' }).click();
  assert.match(await county.getByRole('alert').innerText(), /许庄街道在这段时间由任城区运营商（演示）服务/);

  // A correction notice with its deadline.
  await card.getByRole('link', { name: '查看合同' }).click();
  await county.waitForURL((url) => /^\/staff\/operators\/\d+$/.test(url.pathname));
  const contractPath = new URL(county.url()).pathname;
  await county.getByText('下发整改通知').click();
  await county.getByRole('button', { name: '下发通知' }).click();
  assert.match(await county.getByRole('alert').innerText(), /请写明要整改的问题/);
  const problem = `张营村益农社宽带未开通 ${Date.now() % 10000}`;
  await county.getByLabel('要整改的问题').fill(problem);
  const inAWeek = new Date(Date.now() + 8 * 3600e3 + 7 * 86400e3).toISOString().slice(0, 10);
  await county.getByLabel('整改期限').fill(inAWeek);
  await county.getByRole('button', { name: '下发通知' }).click();
  const notice = county.locator('.notice-card', { hasText: problem });
  await notice.waitFor();
  assert.match(await notice.innerText(), /待整改/);

  // The operator, on a phone, answers it.
  const operator = await openPage(browser, PHONE);
  await staffSignIn(operator, 'rencheng-operator');
  await operator.getByRole('link', { name: '运营商管理' }).click();
  await operator.locator('.contract-card', { hasText: '任城区' }).getByRole('link', { name: '查看合同' }).click();
  const theirs = operator.locator('.notice-card', { hasText: problem });
  await theirs.getByLabel('整改情况').fill('已开通 100M 宽带');
  await theirs.getByRole('button', { name: '报县核验' }).click();
  await operator.locator('.notice-card', { hasText: problem }).getByText('待县核验').first().waitFor();
  const width = await operator.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `the contract page fits the phone (${width} px)`);

  // The county sends it back with what is missing; the operator answers again; accepted.
  await county.goto('/staff/operators');
  await county.getByRole('link', { name: '整改核验' }).click();
  const check = county.locator('.queue-card', { hasText: problem });
  await check.getByRole('button', { name: '退回修改' }).click();
  await check.getByLabel('要改什么（报送人会看到）').fill('请附上测速截图的说明');
  await check.getByRole('button', { name: '确认退回' }).click();
  await check.waitFor({ state: 'detached' });
  await operator.reload();
  const returned = operator.locator('.notice-card', { hasText: problem });
  await returned.getByText('请附上测速截图的说明').waitFor();
  await returned.getByLabel('整改情况').fill('已开通 100M 宽带，测速 96M');
  await returned.getByRole('button', { name: '报县核验' }).click();
  await operator.locator('.notice-card', { hasText: problem }).getByText('待县核验').first().waitFor();
  await county.reload();
  const again = county.locator('.queue-card', { hasText: '测速 96M' });
  await again.getByRole('button', { name: '通过', exact: true }).click();
  await again.waitFor({ state: 'detached' });
  await county.goto(contractPath);
  await county.locator('.notice-card', { hasText: problem }).getByText('按期完成').waitFor();

  // A farmer complains about 张营村's station from its card; the county finds it true.
  const farmer = await openPage(browser, PHONE);
  await farmer.addInitScript((code) => localStorage.setItem('yinong.village', code), VILLAGE);
  await farmer.goto('/');
  await farmer.locator('.my-stations .station-card').first().getByRole('link', { name: '投诉' }).click();
  await farmer.waitForURL('**/complaints/*');
  await farmer.getByRole('link', { name: '手机号登录' }).click();
  await farmerSignIn(farmer, '13812390031');
  await farmer.waitForURL('**/complaints/*');
  await farmer.getByLabel('遇到了什么问题').fill('关门');
  await farmer.getByRole('button', { name: '提交投诉' }).click();
  assert.match(await farmer.getByRole('alert').innerText(), /请写清楚遇到了什么问题/);
  const complaint = `说好上午开门，去了三次都关着 ${Date.now() % 10000}`;
  await farmer.getByLabel('遇到了什么问题').fill(complaint);
  await farmer.getByRole('button', { name: '提交投诉' }).click();
  const mine = farmer.locator('.complaint-card', { hasText: complaint });
  await mine.getByText('待县核实').waitFor();

  await county.goto('/staff');
  await county.getByRole('link', { name: '投诉核实' }).click();
  const looked = county.locator('.queue-card', { hasText: complaint });
  await looked.waitFor();
  assert.equal(await looked.getByRole('button', { name: '退回修改' }).count(), 0, 'a farmer is not sent back');
  assert.equal(await county.getByRole('button', { name: /全部通过/ }).count(), 0, 'complaints are found true one by one');
  await looked.getByRole('button', { name: '属实', exact: true }).click();
  await looked.waitFor({ state: 'detached' });
  await farmer.reload();
  await farmer.locator('.complaint-card', { hasText: complaint }).getByText('属实').waitFor();

  // The complaint counts in the operator's assessment.
  await county.goto('/staff/operators');
  await row.waitFor();
  assert.equal(await figure(row, 5), complaintsBefore + 1);

  // Replaced for a reason: the successor takes over tomorrow with the same stations.
  await county.goto(contractPath);
  await county.getByText('更换运营商').first().click();
  await county.getByLabel(/^接替的运营商/).selectOption({ label: '济宁市运营商（演示）' });
  await county.getByRole('button', { name: '确认更换' }).click();
  assert.match(await county.getByRole('alert').innerText(), /请写明更换的原因/);
  await county.getByLabel('更换原因').fill('年度考核不合格，整改逾期');
  await county.getByRole('button', { name: '确认更换' }).click();
  const ended = county.locator('.contract-ended');
  await ended.waitFor();
  assert.match(await ended.innerText(), /已更换为 济宁市运营商（演示）.*年度考核不合格，整改逾期/);
  assert.equal(await county.getByRole('button', { name: '确认更换' }).count(), 0, 'replaced once');

  const successor = await openPage(browser, PHONE);
  await staffSignIn(successor, 'jining-operator');
  await successor.getByRole('link', { name: '运营商管理' }).click();
  const next = successor.locator('.contract-card', { hasText: '任城区' });
  assert.match(await next.innerText(), /未开始/);
  await next.getByRole('link', { name: '查看合同' }).click();
  await successor.locator('.took-over', { hasText: '任城区运营商（演示）' }).waitFor();
  await successor.locator('.contract-stations tbody tr', { hasText: '张营村' }).first().waitFor();
  await Promise.all([county, operator, farmer, successor].map((page) => page.context().close()));

  // 新平县, on a phone, signs its first contract for one township.
  const xinping = await openPage(browser, PHONE);
  await staffSignIn(xinping, 'xinping-county');
  await xinping.getByRole('link', { name: '运营商管理' }).click();
  await xinping.getByText('还没有运营合同。').waitFor();
  await xinping.getByText('签订运营合同').click();
  await xinping.getByRole('button', { name: '签订合同' }).click();
  assert.match(await xinping.getByRole('alert').innerText(), /请先选择运营商/);
  await xinping.getByLabel(/^运营商/).selectOption({ label: '新平县运营商（演示）' });
  await xinping.getByRole('button', { name: '签订合同' }).click();
  assert.match(await xinping.getByRole('alert').innerText(), /请选择合同服务的乡镇/);
  await xinping.locator('.sign-contract input[name="township"]').first().check();
  await xinping.getByRole('button', { name: '签订合同' }).click();
  const signed = xinping.locator('.contract-card', { hasText: '新平县运营商（演示）' });
  await signed.waitFor();
  assert.match(await signed.innerText(), /履约中/);
  const phoneWidth = await xinping.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(phoneWidth <= 360, `the operators page fits the phone (${phoneWidth} px)`);
  await xinping.context().close();
});
