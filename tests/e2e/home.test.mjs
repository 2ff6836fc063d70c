import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, serviceCardNames, PHONE, TABLET } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('at 360×640 the home page shows the four services at once, named as the API serves them', async () => {
  const page = await openPage(browser, PHONE);
  const fontRequests = [];
  const catalogueRequests = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'font') fontRequests.push(request.url());
    if (new URL(request.url()).pathname === '/api/services') catalogueRequests.push(request.url());
  });
  await page.goto('/');
  const served = (await (await page.request.get('/api/services')).json()).map((service) => service.name_zh);
  assert.deepEqual(served, ['公益服务', '便民服务', '电子商务', '培训体验']);
  assert.deepEqual(await serviceCardNames(page), served);
  assert.deepEqual(catalogueRequests, [], 'the cards need no request on a weak network');

  // Chinese throughout, the demo marked as such, and the tab bar at the bottom of the screen.
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.match(await page.locator('.demo-banner').innerText(), /演示数据/);
  // Before sign-in: no 工作台 or 看板 tab, which are for staff.
  assert.deepEqual(await page.locator('.tab-bar .tab span').allInnerTexts(), ['首页', '服务', '我的']);
  const bar = await page.locator('.tab-bar').boundingBox();
  assert.equal(Math.round(bar.y + bar.height), 640);
  assert.equal(await page.locator('.tab-bar .tab[aria-current="page"] span').innerText(), '首页');
  // Nothing wider than the phone, no web fonts downloaded.
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360));
  assert.deepEqual(fontRequests, []);
  // Touch targets are at least 48 px tall.
  for (const box of await page.locator('.tab, .lang-switch').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height))) {
    assert.ok(box >= 48, `touch target ${box}px`);
  }
  await page.context().close();
});

test('the services tab lists what each kind of service covers', async () => {
  const page = await openPage(browser, PHONE);
  await page.goto('/');
  await page.getByRole('link', { name: '服务', exact: true }).click();
  await page.waitForURL('**/services');
  const sections = page.locator('.service-section h2');
  await sections.first().waitFor();
  const headings = await sections.allInnerTexts();
  assert.equal(headings.length, 4);
  ['公益服务', '便民服务', '电子商务', '培训体验'].forEach((name, i) => assert.ok(headings[i].includes(name), headings[i]));
  assert.equal(await page.locator('.tab-bar .tab[aria-current="page"] span').innerText(), '服务');
  assert.match(await page.locator('#public_welfare').innerText(), /12316 专家咨询/);
  assert.match(await page.locator('#convenience').innerText(), /话费充值/);
  await page.context().close();
});

test('on a tablet the dashboard shows the counts the API reports', async () => {
  const page = await openPage(browser, TABLET);
  await page.goto('/staff/dashboard');
  const values = page.locator('.kpi .kpi-value');
  await values.first().waitFor();
  const overview = await (await page.request.get('/api/overview')).json();
  assert.deepEqual(
    await values.allInnerTexts(),
    [overview.villages, overview.stations, overview.informants, overview.service_records].map((n) => n.toLocaleString('en-US')),
  );
  assert.ok(overview.stations > 0, 'the demo has stations');
  assert.deepEqual(await page.locator('.kpi .kpi-label').allInnerTexts(), ['村级单位', '益农信息社', '信息员', '服务记录']);
  await page.context().close();
});

test('the language switch shows English and is remembered', async () => {
  const page = await openPage(browser, PHONE);
  await page.goto('/');
  await serviceCardNames(page);
  await page.getByRole('button', { name: 'English' }).click();
  assert.deepEqual(await serviceCardNames(page), ['Public welfare', 'Convenience', 'E-commerce', 'Training']);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.reload();
  assert.deepEqual(await serviceCardNames(page), ['Public welfare', 'Convenience', 'E-commerce', 'Training']);
  await page.getByRole('button', { name: '中文' }).click();
  assert.deepEqual(await serviceCardNames(page), ['公益服务', '便民服务', '电子商务', '培训体验']);
  await page.context().close();
});

test('at 360×640 large text (大字) makes every page larger, still fits the phone, and is remembered', async () => {
  const page = await openPage(browser, PHONE);
  await page.goto('/');
  await page.locator('.service-card').first().waitFor();
  const rootSize = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const nameSize = () => page.locator('.service-name').first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  const before = { root: await rootSize(), name: await nameSize() };
  const toggle = page.getByRole('button', { name: '大字' });
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');

  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  assert.equal(await rootSize(), before.root * 1.25);
  assert.equal(await nameSize(), before.name * 1.25);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'nothing wider than the phone');

  // Remembered, and the other farmer pages (another bundle) follow it.
  await page.goto('/services');
  await page.locator('.service-section').first().waitFor();
  assert.equal(await rootSize(), before.root * 1.25);
  await page.getByRole('button', { name: '大字' }).click();
  assert.equal(await rootSize(), before.root);
  await page.goto('/');
  await page.locator('.service-card').first().waitFor();
  assert.equal(await page.getByRole('button', { name: '大字' }).getAttribute('aria-pressed'), 'false');
  await page.context().close();
});
