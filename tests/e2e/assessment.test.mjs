import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, staffSignIn, figure, PHONE, TABLET } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// An informant's row: `figure(row, 0)` is the rank, 1 the records, …

test('at 1024×768 the county ranks its informants by the published formula, sees a new report counted and dismisses an informant who failed', async () => {
  const county = await openPage(browser, TABLET);
  await staffSignIn(county, 'rencheng-county');
  await county.getByRole('link', { name: '动态考核' }).click();
  await county.waitForURL('**/staff/assessment');
  const busy = county.locator('.assessment-table tbody tr', { hasText: '张营村信息员' });
  await busy.waitFor();
  await county.getByText('评分办法').click();
  assert.match(await county.locator('.assessment-formula').innerText(), /上报 30 × min\(上报条数, 20\) ÷ 20/);
  const before = await figure(busy, 1);
  const ranks = await county.locator('.assessment-table tbody tr').evaluateAll((rows) =>
    rows.map((row) => [Number(row.cells[0].innerText), Number(row.querySelector('.assessed-score').innerText)]));
  for (let at = 1; at < ranks.length; at += 1) {
    assert.ok(ranks[at][1] <= ranks[at - 1][1], `ranked by score: ${JSON.stringify(ranks)}`);
    assert.ok(ranks[at][0] >= ranks[at - 1][0]);
  }

  // The informant reports a price on the phone; the county's figures count it.
  const informant = await openPage(browser, PHONE);
  await staffSignIn(informant, 'zhangying-informant');
  await informant.getByRole('link', { name: '上报市场价格' }).click();
  const product = `考核小米 ${Date.now() % 10000}`;
  await informant.getByLabel('产品名称').fill(product);
  await informant.getByLabel('价格（元）').fill('4.2');
  await informant.getByLabel('市场').fill('许庄集贸市场');
  await informant.getByRole('button', { name: '提交价格' }).click();
  await informant.locator('.outbox-record[data-state="Sent"]', { hasText: product }).waitFor();
  await informant.context().close();
  await county.reload();
  await busy.waitFor();
  assert.equal(await figure(busy, 1), before + 1, 'the new report is counted');

  // The whole year asks for more: the same work scores no higher.
  const monthScore = Number(await busy.locator('.assessed-score').innerText());
  const month = await county.locator('.assessment-table').getAttribute('data-period');
  assert.match(month, /^\d{4}-\d{2}$/);
  await county.getByLabel('按全年考核').check();
  await county.locator(`.assessment-table[data-period="${month.slice(0, 4)}"]`).waitFor();
  assert.ok(Number(await busy.locator('.assessed-score').innerText()) <= monthScore);
  await county.getByLabel('按全年考核').uncheck();
  await county.locator(`.assessment-table[data-period="${month}"]`).waitFor();

  // The new informant of 白屯村 has done nothing yet: failed, and dismissed from the row.
  const idle = county.locator('.assessment-table tbody tr', { hasText: '白屯村信息员' });
  await idle.waitFor();
  assert.match(await idle.innerText(), /不合格/);
  await idle.getByRole('button', { name: '解聘' }).click();
  const reason = idle.getByLabel('原因（信息员会看到）');
  assert.match(await reason.inputValue(), /^动态考核不合格（\d{4}-\d{2}，得分 \d+）$/);
  await idle.getByRole('button', { name: '解聘' }).last().click();
  await idle.locator('[data-status="dismissed"]').waitFor();
  assert.equal(await idle.getByRole('button', { name: '解聘' }).count(), 0);
  const width = await county.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 1024, `nothing wider than the tablet (${width} px)`);

  // Dismissal is not forever: the county sends them back to qualify again.
  await county.goto('/staff/informants');
  const standing = county.locator('.standing-card', { hasText: '白屯村' });
  assert.match(await standing.innerText(), /动态考核不合格/);
  await standing.getByRole('button', { name: '重新考核' }).click();
  await county.locator('.standing-card', { hasText: '白屯村' }).locator('[data-status="training"]').waitFor();
  await county.context().close();
});
