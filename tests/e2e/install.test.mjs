import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, PHONE, farmerSignIn } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('at 360×640 the portal can be added to the home screen: its manifest, icons and the install criteria', async () => {
  const page = await openPage(browser, PHONE);
  for (const path of ['/', '/prices', '/staff/login']) {
    await page.goto(path);
    assert.equal(await page.locator('link[rel="manifest"]').getAttribute('href'), '/manifest.webmanifest', path);
  }
  await page.goto('/');
  await page.locator('.service-card').first().waitFor();
  const answer = await page.request.get('/manifest.webmanifest');
  assert.equal(answer.status(), 200);
  const manifest = await answer.json();
  assert.equal(manifest.name, '益农信息社');
  assert.equal(manifest.short_name, '益农');
  assert.equal(manifest.lang, 'zh-CN');
  assert.equal(manifest.display, 'standalone');
  assert.equal(manifest.start_url, '/');
  assert.equal(manifest.theme_color, await page.locator('meta[name="theme-color"]').getAttribute('content'));
  for (const size of [192, 512]) {
    const icon = manifest.icons.find((i) => i.sizes === `${size}x${size}` && i.type === 'image/png');
    assert.ok(icon, `a ${size} px PNG icon`);
    const drawn = await page.evaluate(async (src) => {
      const image = new Image();
      image.src = src;
      await image.decode();
      return [image.naturalWidth, image.naturalHeight];
    }, icon.src);
    assert.deepEqual(drawn, [size, size]);
  }
  assert.ok(manifest.icons.some((i) => i.purpose === 'maskable'), 'an icon Android may mask');

  // What Chromium itself checks before it offers to install.
  const cdp = await page.context().newCDPSession(page);
  const parsed = await cdp.send('Page.getAppManifest');
  assert.deepEqual(parsed.errors, [], 'the manifest parses cleanly');
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  // The test browser's profile is a private one, which no farmer's phone is.
  const errors = installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito');
  assert.deepEqual(errors, [], 'nothing stands in the way of installing');
  await page.context().close();
});

test('at 360×640 signed-out farmer pages log no console error, and signing in still finds the account', async () => {
  const page = await openPage(browser, PHONE);
  const errors = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(`${page.url()}: ${message.text()}`); });
  page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
  for (const [path, shown] of [
    ['/', '.service-card'], ['/services', '#training'], ['/prices', 'h1'], ['/questions', 'h1'],
    ['/listings', 'h1'], ['/jobs', 'h1'], ['/training', '.course-card'], ['/login', 'button'],
  ]) {
    await page.goto(path);
    await page.locator(shown).first().waitFor();
    await page.waitForLoadState('networkidle');
  }
  assert.deepEqual(errors, []);

  // Signed in, the pages know who it is (the session is asked for again).
  await page.goto('/login');
  await farmerSignIn(page, '13812360077');
  await page.waitForURL((url) => url.pathname !== '/login');
  await page.goto('/training');
  await page.locator('.course-card').first().waitFor();
  await page.goto('/training/phone-basics/1');
  await page.getByRole('button', { name: '学完了' }).waitFor();
  assert.equal(await page.getByRole('link', { name: '登录后记录学习进度' }).count(), 0, 'signed in, no sign-in link');
  // Signing out ends it here too.
  const out = await page.request.post('/api/auth/logout', { headers: { 'x-yinong-app': '1' } });
  assert.ok(out.ok(), `signed out (${out.status()})`);
  await page.reload();
  await page.getByRole('link', { name: '登录后记录学习进度' }).waitFor();
  assert.deepEqual(errors, []);
  await page.context().close();
});
