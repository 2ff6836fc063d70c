import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, staffSignIn } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// Staff sign in on the staff entry point and land on its start page; this opens 我的.
async function staffSignInToMe(page, login) {
  await staffSignIn(page, login);
  await page.locator('.tab-bar').getByRole('link', { name: '我的' }).click();
  await page.waitForURL('**/staff/me');
}

async function register(page, account) {
  const response = await page.request.post('/api/users', { headers: { 'x-yinong-app': '1' }, data: account });
  assert.equal(response.status(), 201);
  return response.json();
}

test('a farmer signs in with the code sent to their phone, and out again', async () => {
  const page = await openPage(browser);
  const phone = '13812340001';
  await page.goto('/me');
  await page.getByRole('link', { name: '手机号登录' }).click();
  await page.getByLabel('手机号码').fill(phone);
  await page.getByRole('button', { name: '获取验证码' }).click();
  // The button counts down before another code may be asked for.
  await page.waitForFunction(() => document.querySelector('button.secondary')?.textContent.includes('秒后可重新获取'));
  assert.ok(await page.locator('button.secondary').isDisabled());
  const codes = await (await page.request.get(`/api/test/outbox/${phone}`)).json();
  assert.equal(codes.length, 1);
  await page.getByLabel('验证码').fill(codes[0]);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL('**/me');
  assert.equal(await page.locator('.me-role').innerText(), '农民');
  assert.match(await page.locator('.facts').innerText(), /138\*\*\*\*0001/);
  assert.deepEqual(await page.locator('.tab-bar .tab span').allInnerTexts(), ['首页', '服务', '我的']);
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.getByText('您还没有登录。').waitFor();
  await page.context().close();
});

test('a wrong code is refused in Chinese and the phone number stays', async () => {
  const page = await openPage(browser);
  const phone = '13812340002';
  await page.goto('/login');
  await page.getByLabel('手机号码').fill(phone);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.waitForFunction(() => document.querySelector('button.secondary')?.disabled);
  const [code] = await (await page.request.get(`/api/test/outbox/${phone}`)).json();
  await page.getByLabel('验证码').fill(code === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: '登录' }).click();
  assert.match(await page.getByRole('alert').innerText(), /验证码不正确，还可以再试 4 次/);
  assert.equal(await page.getByLabel('手机号码').inputValue(), phone);
  await page.context().close();
});

test('a township administrator registers an informant of their township', async () => {
  const page = await openPage(browser);
  await staffSignInToMe(page, 'rencheng-township');
  assert.equal(await page.locator('.me-role').innerText(), '乡镇管理员');
  assert.equal(await page.locator('.me-region').innerText(), '山东省 › 济宁市 › 任城区 › 许庄街道');
  assert.deepEqual(await page.locator('.tab-bar .tab span').allInnerTexts(), ['工作台', '看板', '我的', '门户']);
  await page.getByRole('link', { name: '账号管理' }).click();
  await page.waitForURL('**/staff/users');
  await page.getByLabel('角色').selectOption('informant');
  const village = page.locator('select[name^="region-"]');
  await village.locator('option[value="370811002001"]').waitFor({ state: 'attached' });
  await village.selectOption('370811002001');
  await page.getByLabel('姓名').fill('赵春花');
  await page.getByLabel('手机号码').fill('13912340003');
  await page.getByLabel('身份证号码').fill('11010519491231002X');
  await page.getByLabel('密码').fill('informant-2026');
  await page.getByRole('button', { name: '登记' }).click();
  await page.getByText('已登记：赵春花').waitFor();
  const row = page.locator('.user-row', { hasText: '赵春花' });
  await row.waitFor();
  assert.match(await row.innerText(), /村级信息员/);
  assert.match(await row.innerText(), /110105\*{8}002X/);
  await page.context().close();
});

test('a county administrator cannot see another county’s accounts', async () => {
  const rencheng = await openPage(browser);
  await staffSignInToMe(rencheng, 'rencheng-county');
  const { id } = await register(rencheng, {
    role: 'informant', region_code: '370811005001', name: '钱德华', phone: '13912340004', password: 'informant-2026',
  });
  await rencheng.context().close();

  const page = await openPage(browser);
  await staffSignInToMe(page, 'xinping-county');
  await register(page, {
    role: 'informant', region_code: '530427001001', name: '罗金凤', phone: '13912340005', password: 'informant-2026',
  });
  await page.getByRole('link', { name: '账号管理' }).click();
  await page.locator('.user-row', { hasText: '罗金凤' }).waitFor();
  const listed = await page.locator('.user-row').allInnerTexts();
  assert.ok(listed.every((row) => !row.includes('钱德华') && !row.includes('许庄街道')), listed.join('\n'));
  assert.equal((await page.request.get(`/api/users/${id}`)).status(), 404);
  await page.context().close();
});
