import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, serviceCardNames } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// A farmer whose village is 张营村: the home page asks the server for its station.
const VILLAGE_HOME = '**/api/villages/370811002212/home*';

async function homeOfZhangying(page) {
  await page.addInitScript(() => localStorage.setItem('yinong.village', '370811002212'));
  await page.goto('/');
}

test('when the API cannot be reached the page says so, still shows the services, and retry recovers', async () => {
  const page = await openPage(browser);
  await page.route('**/api/**', (route) => route.abort('internetdisconnected'));
  await homeOfZhangying(page);
  const error = page.getByRole('alert');
  await error.waitFor();
  assert.match(await error.innerText(), /加载失败/);
  assert.match(await error.innerText(), /网络连接失败/);
  assert.equal(await page.locator('.station-card').count(), 0);
  assert.deepEqual(await serviceCardNames(page), ['公益服务', '便民服务', '电子商务', '培训体验']);

  await page.unroute('**/api/**');
  await page.getByRole('button', { name: '重试' }).click();
  await page.locator('.my-stations .station-card').first().waitFor();
  assert.equal(await page.getByRole('alert').count(), 0);
  await page.context().close();
});

test('when the API answers with an error the page shows its message, not a status code', async () => {
  const page = await openPage(browser);
  await page.route(VILLAGE_HOME, (route) =>
    route.fulfill({
      status: 500,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'internal', message: '服务器内部错误，请稍后重试' } }),
    }),
  );
  await homeOfZhangying(page);
  const error = page.getByRole('alert');
  await error.waitFor();
  const text = await error.innerText();
  assert.match(text, /服务器内部错误，请稍后重试/);
  assert.doesNotMatch(text, /500/);
  await page.context().close();
});

test('on a slow network the page shows it is loading, then the station', async () => {
  const page = await openPage(browser);
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(VILLAGE_HOME, async (route) => {
    await held;
    await route.continue();
  });
  await homeOfZhangying(page);
  const loading = page.locator('.loading[role="status"]');
  await loading.waitFor();
  assert.match(await loading.innerText(), /正在加载/);
  assert.equal(await page.locator('.station-card').count(), 0);
  release();
  await page.locator('.my-stations .station-card').first().waitFor();
  assert.equal(await page.locator('.loading').count(), 0);
  await page.context().close();
});
