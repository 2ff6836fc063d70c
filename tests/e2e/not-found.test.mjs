import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, serviceCardNames } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('an unknown address shows the app’s not-found page with a way home', async () => {
  const page = await openPage(browser);
  const response = await page.goto('/no/such/page');
  assert.equal(response.status(), 200, 'client routes are served the app');
  await page.getByRole('heading', { name: '页面不存在' }).waitFor();
  assert.ok(await page.locator('.tab-bar').isVisible());
  await page.getByRole('link', { name: '返回首页' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  assert.equal((await serviceCardNames(page)).length, 4);
  await page.context().close();
});
