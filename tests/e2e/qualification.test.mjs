import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, openPage, staffSignIn, PHONE, TABLET } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// The shipped question bank: the test answers as an informant who studied would.
const BANK = JSON.parse(readFileSync(new URL('../../api/seed/exam/questions.json', import.meta.url), 'utf8'));

/** Chooses the right option of every question on the exam page but those listed. */
async function answerPaper(page, skip = []) {
  const questions = page.locator('.exam-question');
  await questions.first().waitFor();
  const count = await questions.count();
  for (let at = 0; at < count; at += 1) {
    if (skip.includes(at)) continue;
    const question = questions.nth(at);
    const text = await question.locator('legend').innerText();
    const known = BANK.find((q) => q.text === text.trim());
    assert.ok(known, `a question from the bank: ${text}`);
    await question.getByLabel(known.options[known.answer], { exact: true }).check();
  }
  return count;
}

test('at 360×640 a new informant studies the required courses, passes the exam, and only then is their price published; the township suspends them and the county sends them back to qualify', async () => {
  const product = `白屯村小米 ${Date.now() % 10000}`;
  const informant = await openPage(browser, PHONE);
  await staffSignIn(informant, 'baitun-informant');
  const badge = informant.locator('.qualification-badge');
  await badge.waitFor();
  assert.match(await badge.innerText(), /培训中/);

  // Before qualifying the informant may report; the township cannot publish it yet.
  await informant.getByRole('link', { name: '上报市场价格' }).click();
  await informant.getByLabel('产品名称').fill(product);
  await informant.getByLabel('价格（元）').fill('4.5');
  await informant.getByLabel('市场').fill('许庄集贸市场');
  await informant.getByRole('button', { name: '提交价格' }).click();
  await informant.locator('.outbox-record[data-state="Sent"]', { hasText: product }).waitFor();
  const township = await openPage(browser, PHONE);
  await staffSignIn(township, 'rencheng-township');
  await township.getByRole('link', { name: '价格审核' }).click();
  const card = township.locator('.queue-card', { hasText: product });
  await card.getByRole('button', { name: '通过', exact: true }).click();
  assert.match(await card.getByRole('alert').innerText(), /培训中，还未考核合格上岗/);

  await informant.goto('/staff');
  await informant.locator('.qualification-badge').click();
  await informant.waitForURL('**/staff/qualification');
  const required = informant.locator('.course-card');
  await required.first().waitFor();
  assert.equal(await required.count(), 2, 'two required courses');
  assert.match(await informant.locator('.exam-problem').innerText(), /请先学完必修课程“用好智能手机”/);
  assert.equal(await informant.getByRole('link', { name: '开始考试' }).count(), 0);

  // Study: every lesson of the required courses, in the portal's course pages.
  for (const [course, lessons] of [['phone-basics', 4], ['farm-subsidies', 1]]) {
    for (let number = 1; number <= lessons; number += 1) {
      await informant.goto(`/training/${course}/${number}`);
      await informant.getByRole('button', { name: '学完了' }).click();
      await informant.getByText('✓ 已学完').waitFor();
    }
  }
  await informant.goto('/staff/qualification');
  await informant.getByText('及格分数：80').waitFor();
  await informant.getByRole('link', { name: '开始考试' }).click();
  await informant.waitForURL('**/staff/exam');
  const count = await answerPaper(informant, [3]);
  assert.equal(count, 10, 'a paper of ten questions');
  await informant.getByRole('button', { name: '交卷' }).click();
  assert.match(await informant.getByRole('alert').innerText(), /还有题没答，题号：4/);
  // A reload (the phone rang) continues the same paper, with the answers already chosen.
  const before = await informant.locator('.exam-question legend').allInnerTexts();
  await informant.reload();
  await informant.locator('.exam-question').first().waitFor();
  assert.deepEqual(await informant.locator('.exam-question legend').allInnerTexts(), before);
  assert.equal(await informant.locator('.exam-question input:checked').count(), 9);
  await answerPaper(informant, [0, 1, 2, 4, 5, 6, 7, 8, 9]);
  const width = await informant.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `nothing wider than the phone (${width} px)`);
  await informant.getByRole('button', { name: '交卷' }).click();
  const outcome = informant.locator('.exam-outcome');
  await outcome.waitFor();
  assert.match(await outcome.innerText(), /得分：100 \/ 80/);
  assert.match(await outcome.innerText(), /考试通过，你已上岗！/);
  await informant.getByRole('link', { name: '返回上岗资格' }).click();
  await informant.locator('.qualification-status [data-status="qualified"]').waitFor();
  assert.equal(await informant.locator('.attempt-list li').count(), 1);
  assert.match(await informant.locator('.attempt-list').innerText(), /得分：100 \/ 80/);

  // Qualified: the township publishes the price it could not before.
  await township.reload();
  await card.getByRole('button', { name: '通过', exact: true }).click();
  await card.waitFor({ state: 'detached' });
  const farmer = await openPage(browser, PHONE);
  await farmer.goto('/prices');
  await farmer.getByText(product).waitFor();
  await farmer.context().close();

  // The township suspends the informant, saying why; the informant reads it.
  await township.goto('/staff');
  await township.getByRole('link', { name: '信息员上岗管理' }).click();
  const standing = township.locator('.standing-card', { hasText: '白屯村' });
  await standing.waitFor();
  assert.match(await standing.innerText(), /已上岗/);
  assert.match(await standing.innerText(), /必修课：5 \/ 5/);
  assert.match(await standing.innerText(), /考试次数：1 · 最高分：100/);
  await standing.getByRole('button', { name: '暂停上岗' }).click();
  await standing.getByRole('button', { name: '暂停上岗' }).last().click();
  assert.match(await standing.getByRole('alert').innerText(), /请写明暂停上岗的原因/);
  await standing.getByLabel('原因（信息员会看到）').fill('连续两周未上报价格');
  await standing.getByRole('button', { name: '暂停上岗' }).last().click();
  await township.locator('.standing-card [data-status="suspended"]').waitFor();
  await informant.reload();
  await informant.locator('.qualification-status [data-status="suspended"]').waitFor();
  assert.match(await informant.locator('.qualification').innerText(), /原因：连续两周未上报价格/);
  await township.context().close();

  // The county, on a tablet, raises its pass mark and sends the informant back to qualify.
  const county = await openPage(browser, TABLET);
  await staffSignIn(county, 'rencheng-county');
  await county.getByRole('link', { name: '信息员上岗管理' }).click();
  const mark = county.getByLabel('本县及格分数');
  await county.waitForFunction(() => document.querySelector('input[name="pass_mark"]')?.value === '80');
  await mark.fill('101');
  await county.getByRole('button', { name: '保存' }).click();
  assert.match(await county.locator('.pass-mark-form [role="alert"]').innerText(), /及格分数应在 60 到 100 分之间/);
  await mark.fill('90');
  await county.getByRole('button', { name: '保存' }).click();
  await county.getByText('已保存，之后的考试按这个分数判定。').waitFor();
  await county.locator('.status-filters').getByRole('button', { name: '暂停上岗' }).click();
  const suspended = county.locator('.standing-card', { hasText: '白屯村' });
  await suspended.getByRole('button', { name: '重新考核' }).click();
  await county.getByText('没有符合条件的信息员。').waitFor();
  await county.locator('.status-filters').getByRole('button', { name: '培训中' }).click();
  await county.locator('.standing-card', { hasText: '白屯村' }).waitFor();

  await informant.reload();
  await informant.locator('.qualification-status [data-status="training"]').waitFor();
  await informant.getByText('及格分数：90').waitFor();
  await informant.getByRole('link', { name: '开始考试' }).waitFor();
  await county.context().close();
  await informant.context().close();
});
