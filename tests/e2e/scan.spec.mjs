// The fleet scan under partial failure and throttling (faults injected through the emulator).
import { test, expect } from '@playwright/test';
import { clearRequestLog, jobCount, manifest, requestLog, watchConsole } from './support.mjs';

test.afterEach(async ({ request }) => {
  expect((await request.delete('/_emulator/faults')).ok()).toBeTruthy();
});

async function setFaults(request, faults) {
  const res = await request.post('/_emulator/faults', { data: faults });
  expect(res.ok()).toBeTruthy();
}

test('an app that answers 403 shows as an error row with the hint and hides nothing else', async ({ page, request }) => {
  await setFaults(request, { forbiddenApp: true });
  const m = await manifest(request);
  expect(m.forbiddenApp?.visible, 'the forbidden app is listed with the fault on').toBe(true);
  await page.goto('/');
  await expect(page.getByRole('article')).toHaveCount(jobCount(m));
  const row = page.getByRole('list', { name: 'Apps whose jobs could not be read' }).getByRole('alert');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(m.forbiddenApp.displayName);
  await expect(row).toContainText('Authorization_RequestDenied');
  await expect(row).toContainText('403');
  await expect(row).toContainText('Synchronization.Read.All');
  await expect(row).toContainText(/request-id/);
  // Every app is scanned: the tenant's apps and the forbidden one (never counted among them).
  const bar = page.getByRole('progressbar', { name: 'Apps scanned' });
  await expect(bar).toHaveAttribute('aria-valuemax', String(m.counts.apps + 1));
  await expect(bar).toHaveAttribute('aria-valuenow', String(m.counts.apps + 1));
});

test('throttled sub-requests are retried alone until every app is answered', async ({ page, request }) => {
  test.setTimeout(60_000);
  const problems = watchConsole(page);
  const m = await manifest(request);
  const apps = m.counts.apps;
  await setFaults(request, { throttleRate: 0.35, retryAfterSeconds: 1 });
  // The fleet's diagnosis loads (Recent failures, the chart) are kept out of this test of the
  // scan: their requests would take turns in the emulator's seeded fault sequence at times that
  // vary from run to run.
  await page.route('**/auditLogs/provisioning**', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: '{"value":[]}' }));
  await clearRequestLog(request);
  await page.goto('/');
  const bar = page.getByRole('progressbar', { name: 'Apps scanned' });
  await expect(bar).toHaveAttribute('aria-valuenow', String(apps), { timeout: 45_000 });
  await expect(page.getByText(`${jobCount(m)} jobs:`)).toBeVisible();
  // The card window grows as the admin scrolls (the fleet's "Recent failures" may have pushed
  // its end below the fold while the slow scan ran): scroll to the end, then every card is there.
  await page.locator('.sd-fleet__cards').evaluate((el) => el.lastElementChild?.scrollIntoView());
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await expect(page.getByRole('article')).toHaveCount(jobCount(m));
  await expect(page.getByRole('list', { name: 'Apps whose jobs could not be read' }).getByRole('alert')).toHaveCount(0);

  const log = (await requestLog(request)).filter((r) => r.graph);
  const subs = log.filter((r) => r.batch && r.path.endsWith('/synchronization/jobs'));
  const throttled = subs.filter((r) => r.status === 429);
  expect(throttled.length).toBeGreaterThan(0);
  // Every app ends with exactly one answered job list; only throttled ones were asked again.
  const ok = subs.filter((r) => r.status === 200);
  expect(new Set(ok.map((r) => r.path)).size).toBe(apps);
  expect(ok).toHaveLength(apps);
  expect(subs).toHaveLength(apps + throttled.length);
  // Retries went out as new batches: never more than the minimum plus the retries asked for.
  const outer = log.filter((r) => !r.batch && r.path === '/v1.0/$batch');
  expect(outer.length).toBeLessThanOrEqual(1 + throttled.length);
  expect(problems.filter((p) => !p.includes('429'))).toEqual([]);
});
