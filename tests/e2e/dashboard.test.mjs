import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { farmerSignIn, goOffline, goOnline, launch, openPage, PHONE, TABLET, staffSignIn } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const SHOTS = new URL('../test-results/', import.meta.url);

async function signInAsJiningLeader(page) {
  await staffSignIn(page, 'jining-leader');
  await page.waitForURL('**/staff/dashboard');
}

/// Waits for a chart to be drawn, saves a screenshot of it, and returns how many of its
/// canvas pixels differ from the top-left (background) pixel.
async function drawnChart(page, label, file) {
  const chart = page.locator(`figure.chart[aria-label="${label}"]`);
  await chart.and(page.locator('[data-state="drawn"]')).waitFor();
  // Let the entry animation finish before reading pixels.
  await page.waitForTimeout(1200);
  mkdirSync(SHOTS, { recursive: true });
  writeFileSync(new URL(file, SHOTS), await chart.screenshot());
  return chart.locator('canvas').evaluate((canvas) => {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let inked = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2] || data[i + 3] !== data[3]) inked += 1;
    }
    return inked / (data.length / 4);
  });
}

test('a 济宁 leader sees the city’s counties and drills down to 任城区’s townships', async () => {
  const page = await openPage(browser, TABLET);
  await signInAsJiningLeader(page);

  const rows = page.locator('.child-row');
  await rows.first().waitFor();
  const city = await (await page.request.get('/api/coverage/3708')).json();
  assert.equal(await rows.count(), city.children.length);
  assert.equal(city.children.length, 12, '11 counties and the 高新区');
  assert.deepEqual(await page.locator('.breadcrumb .crumb').allInnerTexts(), ['济宁市'], 'nothing above the leader’s city');
  const covered = city.summary.figures.covered_villages / city.summary.figures.villages;
  assert.ok((await page.locator('.coverage-kpis').innerText()).includes(`${(covered * 100).toFixed(1)}%`));
  assert.equal(await page.locator('select[name="period"]').inputValue(), '2020');
  assert.match(await page.locator('.computed-at').innerText(), /^统计于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/, 'says when its figures were computed');
  assert.match(city.computed_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);

  await page.locator('.child-row', { hasText: '任城区' }).getByRole('link').click();
  await page.waitForURL(/region=370811/);
  await page.locator('.breadcrumb .crumb', { hasText: '任城区' }).waitFor();
  const county = await (await page.request.get('/api/coverage/370811?period=2020')).json();
  await page.locator('.child-row', { hasText: county.children[0].region.name }).waitFor();
  assert.equal(await rows.count(), county.children.length);
  assert.ok((await rows.first().getAttribute('data-code')).startsWith('370811'));
  assert.equal(county.children[0].region.level, 'township');

  // An earlier period: the county's target for the first half of 2019 is 227 stations.
  await page.locator('select[name="period"]').selectOption('2019H1');
  await page.waitForURL(/period=2019H1/);
  const first = await (await page.request.get('/api/coverage/370811?period=2019H1')).json();
  assert.equal(first.summary.stations_due.value, 227);
  await page.context().close();
});

test('the city map shows 11 counties, and clicking 任城区 on it opens the county', async () => {
  const page = await openPage(browser, TABLET);
  const scripts = [];
  page.on('request', (request) => { if (/echarts-[0-9a-f]+\.js$/.test(request.url())) scripts.push(request.url()); });
  await signInAsJiningLeader(page);

  const inked = await drawnChart(page, '覆盖率地图', 'dashboard-map.png');
  assert.ok(inked > 0.1, `the map covers part of its canvas (${inked})`);
  assert.equal(scripts.length, 1, 'ECharts is loaded once, on the chart page');
  const counties = await page.evaluate(() => echarts.getMap('yinong-3708').geoJSON.features.map((f) => f.properties.name));
  assert.equal(counties.length, 11);
  assert.ok(counties.includes('任城区'));

  // Click inside 任城区: the middle of its boundary's corners, in the chart's pixels.
  const point = await page.locator('figure.chart[aria-label="覆盖率地图"] .chart-canvas').evaluate((element) => {
    const chart = echarts.getInstanceByDom(element);
    const feature = echarts.getMap('yinong-3708').geoJSON.features.find((f) => f.properties.name === '任城区');
    const ring = feature.geometry.type === 'Polygon' ? feature.geometry.coordinates[0] : feature.geometry.coordinates[0][0];
    const middle = ring.reduce(([x, y], [lng, lat]) => [x + lng / ring.length, y + lat / ring.length], [0, 0]);
    return chart.convertToPixel({ seriesIndex: 0 }, middle);
  });
  const canvas = await page.locator('figure.chart[aria-label="覆盖率地图"] .chart-canvas').boundingBox();
  await page.mouse.click(canvas.x + point[0], canvas.y + point[1]);
  await page.waitForURL(/region=370811/);
  await page.locator('.breadcrumb .crumb', { hasText: '任城区' }).waitFor();
  // Below a county there are no boundaries: the table serves instead of a map.
  assert.equal(await page.locator('figure.chart[aria-label="覆盖率地图"]').count(), 0);
  await page.context().close();
});

test('every chart draws something', async () => {
  const page = await openPage(browser, TABLET);
  await signInAsJiningLeader(page);
  const charts = [
    ['目标与实际（期末运营站点）', 'chart-target.png'],
    ['累计运营站点与阶段目标', 'chart-cumulative.png'],
    ['站点类型构成（%）', 'chart-types.png'],
    ['贫困村与其他村覆盖率（%）', 'chart-poverty.png'],
    ['近12个月服务记录', 'chart-services.png'],
    ['信息员', 'chart-informants.png'],
  ];
  for (const [label, file] of charts) {
    const inked = await drawnChart(page, label, file);
    assert.ok(inked > 0.02, `${label} has marks on its canvas (${inked})`);
  }
  await page.context().close();
});

test('the progress table and the gap list download as CSV and XLSX', async () => {
  const page = await openPage(browser, TABLET);
  await signInAsJiningLeader(page);
  await page.locator('.child-row').first().waitFor();

  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('.coverage-tools').first().getByRole('link', { name: '导出 CSV' }).click(),
  ]);
  assert.match(csv.suggestedFilename(), /^进度统计表-济宁市-2020\.csv$/);
  const lines = readFileSync(await csv.path(), 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
  assert.ok(lines[0].startsWith('地区,区划代码,行政村'));
  assert.equal(lines.length, 1 + 12 + 1, 'a header, 12 children and the city’s total');
  assert.ok(lines.at(-1).startsWith('济宁市合计'));

  const [xlsx] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('.coverage-tools').first().getByRole('link', { name: '导出 Excel' }).click(),
  ]);
  assert.match(xlsx.suggestedFilename(), /\.xlsx$/);
  assert.equal(readFileSync(await xlsx.path()).subarray(0, 2).toString(), 'PK', 'an XLSX is a zip');

  // The gap planner lists the city's uncovered villages, poverty villages first.
  const gaps = await (await page.request.get('/api/coverage/3708/gaps?period=2020&limit=20')).json();
  await page.locator('.gap').first().waitFor();
  assert.ok((await page.locator('.gap-total').innerText()).includes(gaps.total.toLocaleString('en')));
  assert.equal(await page.locator('.gap').count(), 20);
  assert.equal(await page.locator('.gap').first().getAttribute('data-code'), gaps.gaps[0].village.code);
  assert.ok(gaps.gaps[0].poverty);
  await page.context().close();
});

test('offline, a leader’s tablet shows the dashboards it saw, drawn, and drills down through them', async (t) => {
  // Offline must cut the worker's own requests too (see goOffline): a browser of its own.
  process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';
  const offlineBrowser = await launch();
  t.after(() => { delete process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS; return offlineBrowser.close(); });
  const page = await openPage(offlineBrowser, TABLET);
  await signInAsJiningLeader(page);
  await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active && navigator.serviceWorker.controller !== null);
  // Seen online with the staff worker in charge: the city (map and all), then 任城区.
  await page.goto('/staff/dashboard');
  await drawnChart(page, '覆盖率地图', 'dashboard-online-map.png');
  const kpis = await page.locator('.coverage-kpis').innerText();
  await page.locator('.child-row', { hasText: '任城区' }).getByRole('link').click();
  await page.waitForURL(/region=370811/);
  // The city's rows stay until the county's answer replaces them.
  await page.locator('.breadcrumb .crumb', { hasText: '任城区' }).waitFor();
  const townships = await page.locator('.child-row').count();
  await page.goBack();
  await page.waitForURL((url) => !url.search.includes('region='));

  await goOffline(page.context());
  await page.reload();
  await page.locator('.child-row').first().waitFor();
  assert.match(await page.locator('.offline-note').innerText(), /^离线：显示 \d+月\d+日 \d\d:\d\d 的内容$/);
  assert.equal(await page.locator('.child-row').count(), 12, 'the kept city table');
  assert.equal(await page.locator('.coverage-kpis').innerText(), kpis);
  const inked = await drawnChart(page, '覆盖率地图', 'dashboard-offline-map.png');
  assert.ok(inked > 0.1, `ECharts and the boundaries come from the tablet (${inked})`);
  await page.locator('.child-row', { hasText: '任城区' }).getByRole('link').click();
  await page.waitForURL(/region=370811/);
  await page.locator('.breadcrumb .crumb', { hasText: '任城区' }).waitFor();
  assert.equal(await page.locator('.child-row').count(), townships);
  await page.locator('.offline-note').waitFor();
  // A period never looked at has nothing kept.
  await page.locator('select[name="period"]').selectOption('2019H2');
  const failed = page.getByRole('alert').filter({ hasText: '网络连接失败' }).first();
  await failed.waitFor();

  await goOnline(page.context());
  await failed.getByRole('button', { name: '重试' }).click();
  await page.locator('.child-row').first().waitFor();
  assert.equal(await page.locator('.offline-note').count(), 0, 'online again: fresh figures');
  await page.context().close();
});

test('a county administrator sets a period target and the dashboard measures against it', async () => {
  const page = await openPage(browser, TABLET);
  await staffSignIn(page, 'rencheng-county');
  await page.goto('/staff/dashboard?period=2019H2');
  await page.locator('.child-row').first().waitFor();

  await page.locator('.target-editor summary').click();
  await page.getByLabel('指标').selectOption('stations_total');
  await page.getByLabel('目标值').fill('abc');
  await page.getByLabel('依据文件（名称、文号、日期）').fill('任城区 2019 年下半年工作安排');
  await page.getByRole('button', { name: '保存' }).click();
  assert.match(await page.locator('.target-editor .form-error').innerText(), /请填写目标值/);
  assert.equal(await page.getByLabel('依据文件（名称、文号、日期）').inputValue(), '任城区 2019 年下半年工作安排', 'nothing typed is lost');

  await page.getByLabel('目标值').fill('500');
  await page.getByLabel('目标依据的行政村数（可不填）').fill('567');
  await page.getByRole('button', { name: '保存' }).click();
  await page.locator('.target-editor .form-ok').waitFor();
  const county = await (await page.request.get('/api/coverage/370811?period=2019H2')).json();
  assert.equal(county.summary.stations_due.value, 500);
  const share = `${((county.summary.stations_at_period_end / 500) * 100).toFixed(1)}%`;
  await page.waitForFunction((text) => document.querySelector('.coverage-kpis').innerText.includes(text), share);
  await page.context().close();
});

test('a farmer who chooses a village counts as an app user, measured against the county\'s app-user target', async () => {
  const farmer = await openPage(browser, PHONE);
  await farmer.goto('/login');
  await farmerSignIn(farmer, '13500000321');
  await farmer.waitForURL((url) => url.pathname !== '/login');
  const chosen = await farmer.request.put('/api/me/village', {
    headers: { 'x-yinong-app': '1' }, data: { village_code: '370811002003' },
  });
  assert.equal(chosen.status(), 200);
  await farmer.context().close();

  const page = await openPage(browser, TABLET);
  await staffSignIn(page, 'rencheng-county');
  await page.goto('/staff/dashboard?region=370811&period=2020');
  await page.locator('.child-row').first().waitFor();
  const county = await (await page.request.get('/api/coverage/370811?period=2020')).json();
  assert.ok(county.summary.figures.farmers >= 1 && county.summary.figures.active_farmers >= 1);
  const kpi = (label) => page.locator('.coverage-kpis .kpi', { hasText: label }).locator('.kpi-value');
  assert.equal(await kpi('APP 注册用户').innerText(), String(county.summary.figures.farmers));
  const township = county.children.find((c) => c.region.code === '370811002');
  const headings = await page.locator('.coverage-table thead th').allInnerTexts();
  const column = headings.indexOf('APP 用户');
  assert.ok(column > 0, 'the table has the app users');
  assert.equal(await page.locator('.child-row[data-code="370811002"] > *').nth(column).innerText(), String(township.figures.farmers));

  await page.locator('.target-editor summary').click();
  await page.getByLabel('指标').selectOption('app_users');
  await page.getByLabel('目标值').fill('40');
  await page.getByLabel('依据文件（名称、文号、日期）').fill('任城区 2020 年益农信息社 APP 推广方案');
  await page.getByRole('button', { name: '保存' }).click();
  await page.locator('.target-editor .form-ok').waitFor();
  const share = `${((county.summary.figures.farmers / 40) * 100).toFixed(1)}%`;
  await page.waitForFunction((text) => document.querySelector('.coverage-kpis').innerText.includes(text), share);
  assert.equal(await kpi('用户目标完成率').innerText(), share);
  await page.context().close();
});

/** The services chart's bars as drawn: { kind name: records }. */
async function servicesDrawn(page) {
  const chart = page.locator('figure.chart[aria-label="近12个月服务记录"]');
  await chart.and(page.locator('[data-state="drawn"]')).waitFor();
  return chart.locator('.chart-canvas').evaluate((element) => {
    const option = echarts.getInstanceByDom(element).getOption();
    const names = option.xAxis[0].data;
    return Object.fromEntries(names.map((name, i) => [name, option.series[0].data[i]]));
  });
}

test('a county warning counts as a 公益 service of each of its operating stations on the services chart', async () => {
  const page = await openPage(browser, TABLET);
  await staffSignIn(page, 'rencheng-county');
  await page.goto('/staff/dashboard?region=370811');
  const before = await servicesDrawn(page);
  const county = await (await page.request.get('/api/coverage/370811')).json();
  // Counted by [type, status, stations, compliant].
  const operating = county.summary.figures.stations
    .filter(([, status]) => status === 'operating')
    .reduce((sum, [, , stations]) => sum + stations, 0);
  assert.ok(operating > 1, `任城区 has operating stations (${operating})`);

  await page.goto('/staff/bulletins');
  await page.getByLabel('类别').selectOption({ label: '气象预警' });
  const title = `大风黄色预警 ${Date.now()}`;
  await page.getByLabel('标题').fill(title);
  await page.getByLabel('正文').fill('未来三天气温下降 8 到 10 度。\n请做好大棚保温和牲畜防寒。');
  const china = new Date(Date.now() + 8 * 3600_000 + 3 * 86_400_000);
  await page.getByLabel('截止日期（预警必填）').fill(china.toISOString().slice(0, 10));
  await page.getByRole('button', { name: '发布' }).click();
  const row = page.locator('.published', { hasText: title });
  await row.waitFor();

  await page.goto('/staff/dashboard?region=370811');
  const after = await servicesDrawn(page);
  assert.equal(after['公益服务'], before['公益服务'] + operating, 'one record per operating station');
  for (const kind of ['便民服务', '电子商务', '培训体验']) {
    assert.equal(after[kind], before[kind], `${kind} unchanged`);
  }
  // Taken down, it was still sent: the stations' work stays counted.
  await page.goto('/staff/bulletins');
  await row.getByRole('button', { name: '撤下' }).click();
  await row.getByText('已撤下').waitFor();
  await page.goto('/staff/dashboard?region=370811');
  assert.equal((await servicesDrawn(page))['公益服务'], after['公益服务']);
  await page.context().close();
});
