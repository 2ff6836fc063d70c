import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, staffSignIn, goOffline, goOnline, PHONE } from './support.mjs';

// Playwright sees (and so can cut) a service worker's own requests only with this set.
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('at 360×640 the informant logs errands done for farmers who came in, with no network; they are sent once it is back and listed as the station\'s', async () => {
  const note = `给李大娘代收快递 ${Date.now() % 10000}`;
  const informant = await openPage(browser, PHONE);
  await staffSignIn(informant, 'zhangying-informant');
  await informant.getByRole('link', { name: '代办台账' }).click();
  await informant.waitForURL('**/staff/service-log');
  await informant.evaluate(() => navigator.serviceWorker.ready);
  await informant.waitForFunction(() => navigator.serviceWorker.controller !== null);

  await goOffline(informant.context());
  await informant.getByLabel('办理事项').selectOption({ label: '收寄快递' });
  await informant.getByLabel('次数').fill('0');
  await informant.getByRole('button', { name: '登记', exact: true }).click();
  assert.equal(await informant.getByRole('alert').innerText(), '次数应是 1 到 50 的整数');
  await informant.getByLabel('次数').fill('3');
  await informant.getByLabel('备注（为谁办、办了什么，可不填）').fill(note);
  await informant.getByRole('button', { name: '登记', exact: true }).click();
  await informant.getByText('已保存在手机上，有网络时自动发送。').waitFor();
  const queued = informant.locator('.outbox-record[data-state="Waiting"]', { hasText: '收寄快递 × 3' });
  await queued.waitFor();
  assert.match(await queued.innerText(), /等待发送/);
  // Ready for the next one: the same service, once, no note.
  assert.equal(await informant.getByLabel('办理事项').inputValue(), 'parcel');
  assert.equal(await informant.getByLabel('次数').inputValue(), '1');
  assert.equal(await informant.getByLabel('备注（为谁办、办了什么，可不填）').inputValue(), '');

  await goOnline(informant.context());
  await informant.locator('.outbox-record[data-state="Sent"]', { hasText: '收寄快递 × 3' }).waitFor({ timeout: 30_000 });
  const logged = informant.locator('.service-log-entry', { hasText: note });
  await logged.waitFor();
  assert.match(await logged.innerText(), /收寄快递 × 3/);
  assert.match(await logged.innerText(), /张营.*益农信息社/);
  const width = await informant.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `the form fits the phone (${width} px)`);
  await informant.context().close();
});
