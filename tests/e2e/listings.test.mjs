import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, staffSignIn, farmerSignIn, png, PHONE } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// 任城区 › 许庄街道 › 张营村, whose demo informant reviews its posts.
const VILLAGE = '370811002212';

/** A phone whose village is 张营村, on `path`. */
async function villagerAt(path) {
  const page = await openPage(browser, PHONE);
  await page.addInitScript((code) => localStorage.setItem('yinong.village', code), VILLAGE);
  await page.goto(path);
  return page;
}

test('at 360×640 a villager offers apples with a photo, the informant approves, and a neighbour finds it', async () => {
  const product = `红富士苹果 ${Date.now() % 100000}`;
  const phone = '13812380001';
  const poster = await villagerAt('/listings/new');
  await poster.getByRole('link', { name: '手机号登录' }).click();
  await farmerSignIn(poster, phone);
  await poster.waitForURL('**/listings/new');

  await poster.getByLabel('本村').check();
  await poster.getByLabel('产品名称').fill(product);
  await poster.getByLabel('数量').fill('2000');
  await poster.getByLabel('单位').fill('斤');
  await poster.getByLabel('价格').fill('2.5 元/斤');
  await poster.getByLabel('联系人称呼').fill('李大姐');
  // The camera's photo is 2000×1500: the phone sends it at 1600×1200 as JPEG.
  await poster.locator('input[type="file"]').setInputFiles({ name: 'apples.png', mimeType: 'image/png', buffer: png(2000, 1500) });
  const thumb = poster.locator('.photo-thumbs img');
  await thumb.waitFor();
  await poster.waitForFunction(() => document.querySelector('.photo-thumbs img')?.complete);
  assert.deepEqual(
    await thumb.evaluate((img) => [img.naturalWidth, img.naturalHeight]),
    [1600, 1200],
  );
  const sent = await poster.request.get(await thumb.getAttribute('src'));
  assert.equal(sent.headers()['content-type'], 'image/jpeg');

  const formWidth = await poster.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(formWidth <= 360, `the form fits the phone (${formWidth} px)`);

  // Financial products are refused, and nothing typed is lost.
  await poster.getByLabel('说明（可不填）').fill('可办低息贷款');
  await poster.getByRole('button', { name: '提交审核' }).click();
  assert.match(await poster.getByRole('alert').innerText(), /不能发布贷款等金融、保险类信息/);
  assert.equal(await poster.getByLabel('产品名称').inputValue(), product);
  assert.equal(await thumb.count(), 1);
  await poster.getByLabel('说明（可不填）').fill('果径 80 以上，可送到村口');
  await poster.getByRole('button', { name: '提交审核' }).click();
  await poster.waitForURL((url) => url.pathname === '/listings/mine');
  const own = poster.locator('.listing-item', { hasText: product });
  await own.waitFor();
  assert.match(await own.innerText(), /待审核/);

  // Not on the board before review (the demo's approved posts are).
  const neighbour = await villagerAt('/listings');
  await neighbour.locator('.listing-card').first().waitFor();
  const [county, township] = await Promise.all(['本县', '本乡镇'].map((name) => neighbour.locator('.status-filters')
    .getByRole('button', { name, exact: true }).evaluate((button) => getComputedStyle(button).backgroundColor)));
  assert.notEqual(county, township, 'the chosen scope (my county) stands out');
  assert.equal(await neighbour.locator('.listing-card', { hasText: product }).count(), 0);

  // The village's informant approves it on the workbench.
  const informant = await openPage(browser, PHONE);
  await staffSignIn(informant, 'zhangying-informant');
  await informant.getByRole('link', { name: '供求信息审核' }).click();
  await informant.waitForURL('**/staff/listings');
  const waiting = informant.locator('.queue-card', { hasText: product });
  await waiting.waitFor();
  assert.ok(await waiting.locator('.listing-photos img').count() === 1, 'the reviewer sees the photo');
  await waiting.getByRole('button', { name: '通过', exact: true }).click();
  await waiting.waitFor({ state: 'detached' });

  // The neighbour now finds it by product, opens it, sees the photo and can call.
  await neighbour.reload();
  await neighbour.getByLabel('搜产品').fill('红富士');
  await neighbour.getByLabel('搜产品').dispatchEvent('change');
  const card = neighbour.locator('.listing-card', { hasText: product });
  await card.waitFor();
  assert.match(await card.innerText(), /2000 斤/);
  assert.match(await card.innerText(), /任城区 许庄街道 张营村/);
  await card.click();
  await neighbour.waitForURL((url) => /^\/listings\/\d+$/.test(url.pathname));
  await neighbour.locator('.listing-photos img').waitFor();
  assert.equal(await neighbour.locator('a.call').getAttribute('href'), `tel:${phone}`);
  assert.match(await neighbour.locator('.request-details').innerText(), /可送到村口/);
  const width = await neighbour.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `nothing wider than the phone (${width} px)`);
  // Reporting needs an account.
  await neighbour.getByRole('link', { name: '登录后可以举报' }).waitFor();

  await poster.reload();
  await poster.locator('.listing-item', { hasText: product }).getByRole('button', { name: '撤下' }).click();
  await poster.locator('.listing-item', { hasText: product }).getByText('已撤下').first().waitFor();
  for (const page of [poster, neighbour, informant]) await page.context().close();
});

test('at 360×640 the informant posts a farmer\'s corn for them with the farmer\'s number; the township approves its page of posts at once and neighbours call the farmer', async () => {
  const product = `玉米 ${Date.now() % 100000}`;
  const farmerPhone = '13812380077';
  const informant = await openPage(browser, PHONE);
  await staffSignIn(informant, 'zhangying-informant');
  await informant.getByRole('link', { name: '代发供求' }).click();
  await informant.waitForURL('**/staff/listings/for-farmer');
  await informant.getByLabel('出售').check();
  await informant.getByLabel('产品名称').fill(product);
  await informant.getByLabel('数量').fill('5000');
  await informant.getByLabel('单位').fill('斤');
  await informant.getByLabel('价格').fill('1.1 元/斤');
  await informant.getByLabel('联系人称呼').fill('王大爷');
  await informant.getByLabel('农户手机号码').fill('1381238');
  await informant.getByRole('button', { name: '提交审核' }).click();
  assert.equal(await informant.getByRole('alert').innerText(), '请填写农户正确的 11 位手机号码');
  await informant.getByLabel('农户手机号码').fill(farmerPhone);
  await informant.getByRole('button', { name: '提交审核' }).click();
  await informant.locator('.outbox-record[data-state="Sent"]', { hasText: product }).waitFor({ timeout: 30_000 });
  const mine = informant.locator('.listing-item', { hasText: product });
  await mine.waitFor();
  assert.match(await mine.innerText(), /待审核/);
  assert.equal(await mine.locator('a.call').getAttribute('href'), `tel:${farmerPhone}`);
  // Ready for the next farmer: nothing of this one stays.
  assert.equal(await informant.getByLabel('农户手机号码').inputValue(), '');
  assert.equal(await informant.getByLabel('产品名称').inputValue(), '');
  const width = await informant.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `the form fits the phone (${width} px)`);
  await informant.context().close();

  const township = await openPage(browser, PHONE);
  await staffSignIn(township, 'rencheng-township');
  await township.getByRole('link', { name: '供求信息审核' }).click();
  const waiting = township.locator('.queue-card', { hasText: product });
  await waiting.waitFor();
  // The page of waiting posts is approved at once.
  const count = await township.locator('.queue-card').count();
  await township.getByRole('button', { name: `全部通过，本页条数： ${count}` }).click();
  await township.getByText(`已通过条数： ${count}`).waitFor();
  await waiting.waitFor({ state: 'detached' });
  await township.context().close();

  const neighbour = await villagerAt('/listings');
  const card = neighbour.locator('.listing-card', { hasText: product });
  await card.waitFor();
  await card.click();
  await neighbour.waitForURL((url) => /^\/listings\/\d+$/.test(url.pathname));
  assert.equal(await neighbour.locator('a.call').getAttribute('href'), `tel:${farmerPhone}`);
  assert.match(await neighbour.locator('.request-farmer').innerText(), /王大爷/);
  await neighbour.context().close();
});
