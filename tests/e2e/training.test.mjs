import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, PHONE, farmerSignIn } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('at 360×640 a farmer opens the featured phone course, signs in and finishes its first lesson', async () => {
  const page = await openPage(browser, PHONE);
  await page.goto('/services');
  await page.locator('#training').getByRole('link', { name: '去学习' }).click();
  await page.waitForURL('**/training');
  // The phone-skills course comes first and is marked as featured.
  const featured = page.locator('.course-card').first();
  await featured.waitFor();
  assert.match(await featured.innerText(), /用好智能手机/);
  assert.match(await featured.locator('.course-tags').innerText(), /推荐/);
  assert.match(await featured.locator('.course-progress').innerText(), /已学 0\/4/);
  await featured.click();
  await page.waitForURL('**/training/phone-basics');
  await page.getByRole('link', { name: '1. 流量和无线网' }).click();
  await page.waitForURL('**/training/phone-basics/1');
  await page.getByRole('heading', { name: '流量和无线网' }).waitFor();
  assert.match(await page.locator('.lesson-course').innerText(), /课时 1 \/ 4/);
  const picture = page.locator('.lesson-image');
  await picture.waitFor();
  await page.waitForFunction(() => document.querySelector('.lesson-image')?.naturalWidth > 0);
  assert.ok((await picture.boundingBox()).width <= 360);
  await page.getByRole('button', { name: '朗读' }).waitFor();

  // Progress needs an account: sign in with a phone code and come back to the lesson.
  await page.getByRole('link', { name: '登录后记录学习进度' }).click();
  await page.waitForURL((url) => url.pathname === '/login');
  const phone = '13812360001';
  await farmerSignIn(page, phone);
  await page.waitForURL('**/training/phone-basics/1');
  await page.getByRole('button', { name: '学完了' }).click();
  await page.getByText('✓ 已学完').waitFor();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `nothing wider than the phone (${width} px)`);

  await page.getByRole('link', { name: '下一课' }).click();
  await page.getByRole('heading', { name: '用验证码登录' }).waitFor();
  assert.equal(await page.getByRole('button', { name: '学完了' }).count(), 1, 'the next lesson is not learnt yet');
  await page.getByRole('link', { name: '返回课程' }).click();
  await page.waitForURL('**/training/phone-basics');
  await page.locator('.lesson-link', { hasText: '流量和无线网' }).locator('.tag-ok').waitFor();
  assert.match(await page.locator('.course-progress').innerText(), /已学 1\/4/);
  await page.context().close();
});
