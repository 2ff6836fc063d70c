import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, PHONE, TABLET, staffSignIn } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const STATIONS = '统一编号,行政区划代码,站点名称,站点类型,依托场所,地址,经度,纬度,开放时间,场所面积（平方米）,设备数量,宽带（Mbps）,网页地址,持续运营能力,状态,开始运营日期,信息员姓名,信息员手机,信息员持证';

/** The last villages of a township, from the API (tests elsewhere use the first ones). */
async function villagesOf(page, township) {
  return (await page.request.get(`/api/regions/${township}/children`)).json();
}

async function chooseFile(page, name, text) {
  await page.locator('.import-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
}

test('a county imports its station register through the page: the errors first, then the corrected file', async () => {
  const page = await openPage(browser, PHONE);
  await staffSignIn(page, 'rencheng-county');
  await page.goto('/staff/me');
  await page.getByRole('link', { name: '导入名单' }).click();
  await page.waitForURL('**/staff/import');
  assert.equal(await page.locator('.import-kind').inputValue(), 'stations');
  assert.equal(await page.locator('.template-xlsx').getAttribute('href'), '/api/imports/stations/template?format=xlsx');
  const template = await page.request.get('/api/imports/stations/template?format=csv');
  assert.ok((await template.text()).startsWith(`\ufeff${STATIONS}`), 'the template has the register\'s columns');

  const villages = await villagesOf(page, '370811009');
  const [a, b] = villages.slice(-2);
  const row = (village, name, status) =>
    `,${village.code},${name},简易型,便利店,${village.name}村委会旁,,,8:00-18:00,20,1,50,,否,${status},2019-03-01,,,`;
  const withErrors = [STATIONS, row(a, `${a.name}便民服务站`, '运营中'), row(b, `${b.name}便民服务站`, '在运营')].join('\n');
  await chooseFile(page, '站点名册.csv', withErrors);
  await page.getByRole('button', { name: '检查文件' }).click();
  await page.locator('.import-summary').waitFor();
  assert.equal(await page.locator('.import-summary').innerText(), '2 行，1 行无误，1 个问题');
  const problem = page.locator('.import-problems tbody tr');
  assert.equal(await problem.count(), 1);
  assert.deepEqual(await problem.locator('td').allInnerTexts(), ['3', '状态', '“在运营”不是可选值，应为：已申报、未通过、已批准、已建成、已验收、运营中、已暂停、已关闭']);
  const download = page.waitForEvent('download');
  await page.locator('.import-rejected').click();
  const rejected = await (await download).path();
  const corrected = (await import('node:fs')).readFileSync(rejected, 'utf8');
  assert.ok(corrected.includes(`${b.name}便民服务站`) && corrected.includes('第 3 行'), 'the row to correct, with its problem');
  assert.ok(!corrected.includes(`${a.name}便民服务站`));
  const nothing = await (await page.request.get(`/api/stations?region=${a.code}`)).json();
  assert.equal(nothing.stations.filter((s) => s.name === `${a.name}便民服务站`).length, 0, 'nothing written from a file with problems');

  await chooseFile(page, '站点名册.csv', [STATIONS, row(a, `${a.name}便民服务站`, '运营中'), row(b, `${b.name}便民服务站`, '运营中')].join('\n'));
  await page.getByRole('button', { name: '检查文件' }).click();
  await page.locator('.import-summary', { hasText: '0 个问题' }).waitFor();
  await page.getByRole('button', { name: '导入全部（2 行）' }).click();
  await page.locator('.import-written').waitFor();
  assert.equal(await page.locator('.import-written').innerText(), '已导入：新增 2，更新 0，未变 0');

  const stations = await (await page.request.get(`/api/stations?region=${b.code}`)).json();
  const station = stations.stations.find((s) => s.name === `${b.name}便民服务站`);
  assert.equal(station.status, 'operating');
  await page.goto(`/staff/stations/${station.code}`);
  assert.equal(await page.locator('.station-status').innerText(), '运营中');
  assert.ok((await page.locator('.history').innerText()).includes('批量导入'));
  await page.context().close();
});

test('a county imports its informants: a row without a password is returned, the others can sign in', async () => {
  const page = await openPage(browser, PHONE);
  await staffSignIn(page, 'rencheng-county');
  await page.goto('/staff/import');
  await page.locator('.import-kind').selectOption('informants');
  await page.locator('.import-columns').click();
  assert.ok((await page.locator('.import-columns').innerText()).includes('新账号必填，至少 8 位'));
  const villages = await villagesOf(page, '370811009');
  const list = [
    '姓名,手机号码,村代码,身份证号码,用户名,初始密码,状态',
    `吴青,13600000021,${villages[0].code},,wuqing,yinong-demo-2026,在岗`,
    `郑和,13600000022,${villages[1].code},,,,`,
  ].join('\n');
  await chooseFile(page, '信息员名单.csv', list);
  await page.getByRole('button', { name: '检查文件' }).click();
  await page.locator('.import-problems').waitFor();
  assert.deepEqual(await page.locator('.import-problems tbody tr td').allInnerTexts(), ['3', '初始密码', '新账号须填写至少 8 位的初始密码']);
  await page.getByRole('button', { name: '只导入无误的 1 行' }).click();
  await page.locator('.import-written').waitFor();
  assert.equal(await page.locator('.import-written').innerText(), '已导入：新增 1，更新 0，未变 0');

  const informant = await openPage(browser, PHONE);
  await staffSignIn(informant, 'wuqing');
  await informant.goto('/staff/me');
  assert.equal(await informant.locator('.me-role').innerText(), '村级信息员');
  assert.ok((await informant.locator('.me-region').innerText()).includes(villages[0].name));
  await informant.context().close();
  await page.context().close();
});

test('a poverty list moves its village to the front of the gap planner, and the township page takes the mark away', async () => {
  const page = await openPage(browser, TABLET);
  await staffSignIn(page, 'rencheng-county');
  const township = '370811005';
  const dashboard = `/staff/dashboard?region=${township}`;
  await page.goto(dashboard);
  const gaps = page.locator('.gap-list .gap');
  await gaps.first().waitFor();
  const before = await (await page.request.get(`/api/coverage/${township}/gaps?limit=1000`)).json();
  const last = before.gaps[before.gaps.length - 1];
  assert.equal(last.poverty, false);
  const poor = before.gaps.filter((gap) => gap.poverty).length;

  await page.goto('/staff/import');
  await page.locator('.import-kind').selectOption('poverty');
  await chooseFile(page, '脱贫村名单.csv', `行政区划代码,名称,是否贫困\n${last.village.code},${last.village.name},是\n`);
  await page.getByRole('button', { name: '检查文件' }).click();
  await page.getByRole('button', { name: '导入全部（1 行）' }).click();
  await page.locator('.import-written', { hasText: '更新 1' }).waitFor();

  await page.goto(dashboard);
  await gaps.first().waitFor();
  const moved = page.locator(`.gap[data-code="${last.village.code}"]`);
  await moved.waitFor();
  assert.ok(await moved.locator('.badge.poverty').isVisible(), 'marked as a poverty village');
  const order = await gaps.evaluateAll((items) => items.map((item) => item.dataset.code));
  assert.ok(order.indexOf(last.village.code) <= poor, `ranked with the poverty villages (${order.indexOf(last.village.code)} ≤ ${poor})`);

  // On the township's page the county unticks it; the planner puts it back at the end.
  const flag = page.locator(`.child-row[data-code="${last.village.code}"] .poverty-flag input`);
  assert.equal(await flag.isChecked(), true);
  const saved = page.waitForResponse((response) => response.url().endsWith(`/api/regions/${last.village.code}/poverty`));
  await flag.uncheck();
  assert.equal((await saved).status(), 200);
  await page.locator(`.child-row[data-code="${last.village.code}"] .poverty-flag input:not(:checked)`).waitFor();
  const after = await (await page.request.get(`/api/coverage/${township}/gaps?limit=1000`)).json();
  assert.equal(after.gaps[after.gaps.length - 1].village.code, last.village.code);
  await page.context().close();
});

test('a merge table takes a village out of its township: the township counts one village less', async () => {
  const page = await openPage(browser, TABLET);
  await staffSignIn(page, 'rencheng-county');
  const township = '370811017';
  const villagesCell = page.locator(`.child-row[data-code="${township}"] td`).first();
  await page.goto('/staff/dashboard?region=370811');
  await villagesCell.waitFor();
  const before = Number(await villagesCell.innerText());
  const villages = await villagesOf(page, township);
  assert.equal(villages.length, before);
  const [gone, into] = villages.slice(-2);

  await page.goto('/staff/import');
  await page.locator('.import-kind').selectOption('merges');
  await chooseFile(page, '村庄撤并表.csv', `原村代码,原村名称,并入村代码,并入村名称,撤并日期\n${gone.code},${gone.name},${into.code},${into.name},2021-01-01\n`);
  await page.getByRole('button', { name: '检查文件' }).click();
  await page.getByRole('button', { name: '导入全部（1 行）' }).click();
  await page.locator('.import-written', { hasText: '更新 1' }).waitFor();

  await page.goto('/staff/dashboard?region=370811');
  await villagesCell.waitFor();
  assert.equal(Number(await villagesCell.innerText()), before - 1);
  await page.goto(`/staff/dashboard?region=${township}`);
  await page.locator(`.child-row[data-code="${into.code}"]`).waitFor();
  assert.equal(await page.locator(`.child-row[data-code="${gone.code}"]`).count(), 0, 'the merged village is no longer listed');
  await page.context().close();

  // A farmer's phone that remembered the merged village is shown the one it joined, and why.
  const phone = await openPage(browser, PHONE);
  await phone.goto('/');
  await phone.evaluate((code) => localStorage.setItem('yinong.village', code), gone.code);
  await phone.reload();
  await phone.getByRole('heading', { name: into.name }).waitFor();
  assert.equal(await phone.locator('.village-merged').innerText(), `${gone.name}已撤并，并入${into.name}`);
  assert.equal(await phone.evaluate(() => localStorage.getItem('yinong.village')), into.code, 'remembered from now on');
  await phone.context().close();
});
