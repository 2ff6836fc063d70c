import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, PHONE, TABLET, png, staffSignIn } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// A station the county declares in a village of 任城区 and takes to "built", as the
/// steps before acceptance would.
async function builtStation(page) {
  const headers = { 'x-yinong-app': '1' };
  const villages = await (await page.request.get('/api/regions/370811005/children')).json();
  const village = villages[villages.length - 1];
  const declared = await page.request.post('/api/stations', {
    headers,
    data: {
      region_code: village.code, name: `${village.name}益农信息社`, station_type: 'standard',
      host_venue: 'village_committee', address: `${village.name}村委会`, opening_hours: '8:00-18:00',
      latitude: null, longitude: null,
      six_have: { venue_area_m2: 40, devices: 0, broadband_mbps: 50, page_url: null, sustainable: true },
    },
  });
  assert.equal(declared.status(), 201);
  const station = await declared.json();
  for (const to of ['approved', 'built']) {
    const stepped = await page.request.post(`/api/stations/${station.code}/status`, { data: { to }, headers });
    assert.equal(stepped.status(), 200);
  }
  return station;
}

test('the county inspects a built station item by item, files it, and the city returns then confirms the filing', async () => {
  const county = await openPage(browser, PHONE);
  await staffSignIn(county, 'rencheng-county');
  const station = await builtStation(county);

  await county.goto(`/staff/stations/${station.code}`);
  await county.locator('.station-status', { hasText: '已建成' }).waitFor();
  assert.equal(await county.getByRole('button', { name: '已验收' }).count(), 0, 'acceptance is no button');
  await county.getByText('还没有验收记录').waitFor();
  await county.getByRole('link', { name: '填写验收记录' }).click();
  await county.waitForURL(`**/staff/stations/${station.code}/inspect`);

  await county.getByLabel('验收人员').fill('李明、王芳');
  const items = county.locator('.inspection-item');
  assert.equal(await items.count(), 6);
  for (const index of [0, 1, 3, 4, 5]) {
    await items.nth(index).getByLabel('达标').check();
  }
  await items.nth(0).locator('input[type="file"]').setInputFiles({ name: 'venue.png', mimeType: 'image/png', buffer: png(1200, 900) });
  await items.nth(0).locator('.photo-thumbs img').waitFor();
  await items.nth(2).getByLabel('说明').fill('未配备电脑');
  assert.equal(await county.locator('.inspection-verdict').innerText(), '有未达标的项目：需整改');
  await county.getByRole('button', { name: '提交验收记录' }).click();
  assert.equal(await county.locator('.inspection-form .form-error').innerText(), '有未达标的项目：请写明需要整改的问题');
  await county.getByLabel('需整改的问题').fill('须配备电脑 1 台并接入宽带');
  await county.getByLabel('整改期限').fill('2099-01-31');
  await county.getByRole('button', { name: '提交验收记录' }).click();

  await county.waitForURL(`**/staff/stations/${station.code}`);
  const failed = county.locator('.inspection[data-result="failed"]');
  await failed.waitFor();
  assert.equal(await county.locator('.station-status').innerText(), '已建成', 'a failed inspection accepts nothing');
  assert.match(await failed.innerText(), /需整改/);
  assert.match(await failed.innerText(), /须配备电脑 1 台并接入宽带 · 整改期限 2099-01-31/);
  assert.match(await failed.locator('li.missing').innerText(), /有设备 · 未配备电脑/);
  await failed.locator('img.item-photo').waitFor();

  // Corrected: inspected again, all six met.
  await county.getByRole('link', { name: '填写验收记录' }).click();
  await county.getByLabel('验收人员').fill('李明、王芳');
  for (let index = 0; index < 6; index += 1) {
    await county.locator('.inspection-item').nth(index).getByLabel('达标').check();
  }
  assert.equal(await county.locator('.inspection-verdict').innerText(), '六项全部达标：验收合格');
  assert.equal(await county.getByLabel('需整改的问题').count(), 0);
  await county.getByRole('button', { name: '提交验收记录' }).click();
  await county.waitForURL(`**/staff/stations/${station.code}`);
  await county.locator('.station-status', { hasText: '已验收' }).waitFor();
  await county.locator('.inspection[data-result="passed"]').waitFor();
  assert.equal(await county.locator('.inspection').count(), 2);
  assert.match(await county.locator('.history').innerText(), /验收合格（李明、王芳）/);
  assert.match(await county.locator('.filing-state').innerText(), /未报送/);

  // Filed with the city.
  await county.goto('/staff/stations');
  await county.getByRole('link', { name: '站点备案' }).click();
  await county.waitForURL('**/staff/filings');
  const ready = county.locator('.ready-stations li', { hasText: station.code });
  await ready.getByRole('checkbox').check();
  await county.getByRole('button', { name: '报市备案' }).click();
  const sent = county.locator('.my-filings li', { hasText: station.code });
  await sent.waitFor();
  assert.match(await sent.innerText(), /待市级确认/);
  await county.locator('.ready-stations li', { hasText: station.code }).waitFor({ state: 'detached' });

  // The city, on a tablet, returns it with the reason.
  const city = await openPage(browser, TABLET);
  await staffSignIn(city, 'jining-leader');
  await city.goto('/staff/stations');
  await city.getByRole('link', { name: '站点备案' }).click();
  await city.getByRole('heading', { name: '县级报送的站点备案' }).waitFor();
  const card = city.locator('.queue-card', { hasText: station.code });
  assert.match(await card.innerText(), /任城区/);
  assert.match(await card.locator(`tr[data-code="${station.code}"]`).innerText(), /李明、王芳/);
  await card.getByRole('button', { name: '退回修改' }).click();
  await card.getByLabel('要改什么（报送人会看到）').fill('请补充门牌照片');
  await card.getByRole('button', { name: '确认退回' }).click();
  await card.waitFor({ state: 'detached' });

  await county.reload();
  const returned = county.locator('.my-filings li', { hasText: '请补充门牌照片' });
  await returned.waitFor();
  assert.match(await returned.innerText(), /退回/);
  // Filed again, and confirmed.
  await county.locator('.ready-stations li', { hasText: station.code }).getByRole('checkbox').check();
  await county.getByRole('button', { name: '报市备案' }).click();
  await county.locator('.my-filings li', { hasText: '待市级确认' }).waitFor();

  await city.reload();
  const again = city.locator('.queue-card', { hasText: station.code });
  await again.getByRole('button', { name: '通过', exact: true }).click();
  await again.waitFor({ state: 'detached' });
  await city.goto(`/staff/stations/${station.code}`);
  await city.locator('.filing-state', { hasText: '已备案' }).waitFor();
  assert.equal(await city.getByRole('link', { name: '填写验收记录' }).count(), 0, 'the city watches, the county inspects');
  await county.context().close();
  await city.context().close();
});
