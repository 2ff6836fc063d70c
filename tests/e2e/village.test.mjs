import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, PHONE } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** A demo village of 任城区 with an operating station, found as a farmer's search would. */
async function villageWithStation(page) {
  const townships = await (await page.request.get('/api/regions/370811/children')).json();
  for (const township of townships) {
    const villages = await (await page.request.get(`/api/regions/${township.code}/children`)).json();
    for (const village of villages) {
      const home = await (await page.request.get(`/api/villages/${village.code}/home`)).json();
      if (home.stations.length > 0 && home.stations[0].contacts.length > 0) return { township, village, home };
    }
  }
  throw new Error('no demo village in 任城区 has an operating station with an informant');
}

/** Chooses the named regions in the picker's cascade, one level after another. */
async function pickRegions(page, names) {
  for (const [level, name] of names.entries()) {
    const select = page.locator('.village-picker select').nth(level);
    await select.locator('option', { hasText: name }).first().waitFor({ state: 'attached' });
    await select.selectOption({ label: name });
  }
}

test('at 360×640 a farmer finds their village by name, sees its station and is remembered', async () => {
  const page = await openPage(browser, PHONE);
  await page.goto('/');
  const { village, home } = await villageWithStation(page);
  // Until a village is chosen, the home page asks for one; the picker is its own page.
  await page.getByRole('link', { name: '选择我的村' }).click();
  await page.waitForURL('**/village');
  await page.locator('.village-picker select').first().waitFor();

  // One character is too few for the whole country; the server says so.
  await page.getByLabel('村名').fill(village.name.slice(0, 1));
  assert.match(await page.locator('.load-error').innerText(), /请至少输入 2 个字/);
  // Narrowed to the county, any part of the name matches.
  await pickRegions(page, ['山东省', '济宁市', '任城区']);
  await page.getByLabel('村名').fill(village.name.slice(1));
  const choice = page.locator('.village-choice', { hasText: home.place });
  await choice.filter({ hasText: village.name }).first().click();

  // Back on the home page: the village, its station and who to call.
  await page.waitForURL((url) => url.pathname === '/');
  await page.getByRole('heading', { name: village.name }).waitFor();
  assert.equal(await page.locator('.my-village .village-place').innerText(), home.place);
  const station = home.stations[0];
  const card = page.locator('.my-stations .station-card').first();
  assert.equal(await card.locator('h3').innerText(), station.name);
  assert.match(await card.innerText(), new RegExp(station.code));
  assert.match(await card.innerText(), new RegExp(station.opening_hours));
  const call = card.locator('a.call').first();
  assert.equal(await call.getAttribute('href'), `tel:${station.contacts[0].phone}`);
  assert.match(await call.innerText(), new RegExp(`拨打 ${station.contacts[0].name}`));
  assert.equal(await card.locator('.tag-ok').count(), station.compliant ? 1 : 0);
  const callBox = await call.boundingBox();
  assert.ok(callBox.height >= 48, `call button ${callBox.height}px`);
  // The nearest other stations, nearest first, with distances.
  const nearby = page.locator('.nearby-stations .station-card');
  assert.equal(await nearby.count(), home.nearby.length);
  assert.equal(await nearby.first().locator('h3').innerText(), home.nearby[0].name);
  assert.match(await nearby.first().locator('.distance').innerText(), /^\d+(\.\d)? (米|公里)$/);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360));

  // The choice is remembered: a reload comes straight back to the village.
  await page.reload();
  await page.getByRole('heading', { name: village.name }).waitFor();
  await page.context().close();
});

test('a farmer goes down the regions to their village and measures distances from where they are', async () => {
  const position = { latitude: 35.3, longitude: 116.4 };
  const page = await openPage(browser, { ...PHONE, geolocation: position, permissions: ['geolocation'] });
  await page.goto('/village');
  const { township, village } = await villageWithStation(page);

  await pickRegions(page, ['山东省', '济宁市', '任城区', township.name, village.name]);
  await page.getByRole('heading', { name: village.name }).waitFor();

  const fromHere = await (await page.request.get(
    `/api/villages/${village.code}/home?lat=${position.latitude}&lng=${position.longitude}`)).json();
  const asked = page.waitForRequest((request) => request.url().includes('lat=35.30000'));
  await page.getByRole('button', { name: '用我的位置计算距离' }).click();
  await asked;
  await page.waitForFunction(
    (name) => document.querySelector('.nearby-stations .station-card h3')?.innerText === name,
    fromHere.nearby[0].name,
  );

  // Changing the village goes back to the picker.
  await page.getByRole('link', { name: '更换村' }).click();
  await page.waitForURL('**/village');
  await page.locator('.village-picker select').first().waitFor();
  await page.context().close();
});
