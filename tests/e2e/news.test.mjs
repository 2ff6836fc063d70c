import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, staffSignIn, png, PHONE } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// 任城区 › 许庄街道 › 张营村: its demo informant writes, 许庄街道 reviews.
const VILLAGE = '370811002212';

test('at 360×640 the informant writes village news with a photo, the township approves, and villagers read it on the village page', async () => {
  const title = `村里的路灯亮了 ${Date.now() % 10000}`;
  const informant = await openPage(browser, PHONE);
  await staffSignIn(informant, 'zhangying-informant');
  await informant.getByRole('link', { name: '写村里新闻' }).click();
  await informant.getByLabel('标题').fill(title);
  await informant.getByLabel('正文').fill('亮了');
  await informant.getByRole('button', { name: '提交审核' }).click();
  assert.match(await informant.getByRole('alert').innerText(), /正文至少 10 个字/);
  // What was typed is kept as a draft: the page reloaded (the phone rang) still has it.
  await informant.reload();
  await informant.getByLabel('标题').waitFor();
  await informant.waitForFunction((t) => document.querySelector('input[name="title"]')?.value === t, title);
  assert.equal(await informant.getByLabel('正文').inputValue(), '亮了');
  await informant.getByLabel('正文').fill('村东头到村委会的 12 盏太阳能路灯装好了，晚上出门更安全。');
  await informant.locator('input[type="file"]').setInputFiles({ name: 'lamps.png', mimeType: 'image/png', buffer: png(900, 600) });
  await informant.locator('.photo-thumbs img').waitFor();
  await informant.getByRole('button', { name: '提交审核' }).click();
  await informant.getByText('已保存在手机上，有网络时自动发送。').waitFor();
  await informant.locator('.outbox-record[data-state="Sent"]', { hasText: title }).waitFor();
  assert.equal(await informant.getByLabel('标题').inputValue(), '', 'the form is cleared for the next');
  const mine = informant.locator('.bulletin', { hasText: title });
  await mine.waitFor();
  assert.match(await mine.innerText(), /待审核/);

  const township = await openPage(browser, PHONE);
  await staffSignIn(township, 'rencheng-township');
  await township.getByRole('link', { name: '新闻审核' }).click();
  const card = township.locator('.queue-card', { hasText: title });
  await card.waitFor();
  await card.getByRole('button', { name: '通过', exact: true }).click();
  await card.waitFor({ state: 'detached' });

  // A villager goes from the home page to the village page and reads it.
  const villager = await openPage(browser, PHONE);
  await villager.addInitScript((code) => localStorage.setItem('yinong.village', code), VILLAGE);
  await villager.goto('/');
  await villager.getByRole('link', { name: '本村网页' }).click();
  await villager.waitForURL(`**/villages/${VILLAGE}`);
  await villager.locator('.station-card').first().waitFor();
  const headline = villager.locator('.village-news .bulletin-link', { hasText: title });
  await headline.waitFor();
  assert.match(await villager.locator('.village-news').innerText(), /村里的机耕路修好了/, 'the demo news too');
  await headline.click();
  await villager.waitForURL((url) => /^\/news\/\d+$/.test(url.pathname));
  await villager.getByRole('heading', { name: title }).waitFor();
  await villager.getByRole('button', { name: '朗读' }).waitFor();
  await villager.locator('.listing-photos img').waitFor();
  assert.match(await villager.locator('.bulletin-body').innerText(), /太阳能路灯/);
  const width = await villager.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `nothing wider than the phone (${width} px)`);
  for (const page of [informant, township, villager]) await page.context().close();
});

test('at 360×640 the township sends news back for correction and the informant corrects it and sends it again', async () => {
  const title = `秋收进度 ${Date.now() % 10000}`;
  const informant = await openPage(browser, PHONE);
  await staffSignIn(informant, 'zhangying-informant');
  await informant.getByRole('link', { name: '写村里新闻' }).click();
  await informant.getByLabel('标题').fill(title);
  await informant.getByLabel('正文').fill('全村玉米已经收了九成，剩下的这周收完。');
  await informant.getByRole('button', { name: '提交审核' }).click();
  await informant.locator('.outbox-record[data-state="Sent"]', { hasText: title }).waitFor();

  const township = await openPage(browser, PHONE);
  await staffSignIn(township, 'rencheng-township');
  await township.getByRole('link', { name: '新闻审核' }).click();
  const card = township.locator('.queue-card', { hasText: title });
  await card.getByRole('button', { name: '退回修改' }).click();
  await card.getByLabel('要改什么（报送人会看到）').fill('请写明收获的亩数');
  await card.getByRole('button', { name: '确认退回' }).click();
  await card.waitFor({ state: 'detached' });

  await informant.reload();
  const returned = informant.locator('li', { hasText: '请写明收获的亩数' });
  await returned.waitFor();
  assert.match(await returned.innerText(), /退回修改/);
  await returned.getByRole('button', { name: '修改后重新提交' }).click();
  assert.equal(await informant.getByLabel('标题').inputValue(), title);
  await informant.getByLabel('正文').fill('全村 1200 亩玉米已经收了九成，剩下的这周收完。');
  await informant.getByRole('button', { name: '提交审核' }).click();
  const corrected = informant.locator('.bulletin', { hasText: '1200 亩' });
  await corrected.waitFor();
  assert.match(await corrected.innerText(), /待审核/);
  for (const page of [informant, township]) await page.context().close();
});
