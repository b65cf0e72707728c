// Graph's real limits at small scale: a request budget per 10 s (the emulator's --rate-limit,
// counted per sub-request as Graph counts them), a storm of server faults, and an app that keeps
// failing until the admin presses "Retry now". The request log's `atMs` (real time of arrival)
// lets the tests count requests per window.
import { test, expect } from '@playwright/test';
import {
  clearRequestLog, expectAccessible, jobCount, manifest, requestLog, resetEmulator, watchConsole,
} from './support.mjs';

test.beforeEach(async ({ request }) => {
  await resetEmulator(request);
});

test.afterEach(async ({ request }) => {
  await resetEmulator(request);
});

async function setFaults(request, faults) {
  const res = await request.post('/_emulator/faults', { data: faults });
  expect(res.ok(), `POST /_emulator/faults ${JSON.stringify(faults)}`).toBeTruthy();
}

/** Keeps the fleet's diagnosis reads (provisioning logs) out of the emulator's budget and log. */
async function noLogs(page) {
  await page.route('**/auditLogs/provisioning**', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: '{"value":[]}' }));
}

/** Graph requests as Graph counts them: single requests and $batch sub-requests, not envelopes. */
const counted = (log) => log.filter((r) => r.graph && !(r.path.endsWith('/$batch') && !r.batch));

const isJobList = (r) => r.batch && r.path.endsWith('/synchronization/jobs');

/** Waits until every app is scanned and every job has its card. */
async function scanned(page, m, timeout) {
  const bar = page.getByRole('progressbar', { name: 'Apps scanned' });
  await expect(bar).toHaveAttribute('aria-valuenow', String(m.counts.apps), { timeout });
  await expect(bar).toHaveAttribute('aria-valuetext', `Scanned all ${m.counts.apps} apps`);
  await expect(page.getByRole('article')).toHaveCount(jobCount(m));
  // Each app's jobs once, never twice.
  for (const app of m.apps) {
    const cards = page.getByRole('article', { name: app.displayName, exact: true });
    await expect(cards, app.displayName).toHaveCount(app.jobs.length);
  }
}

test('under a budget of 6 per 10 s the scan learns it: after the first 429 no window holds more, and no 429 follows', async ({ page, request }) => {
  test.setTimeout(120_000);
  const problems = watchConsole(page);
  const m = await manifest(request);
  const budget = 6;
  expect(m.counts.apps, 'the demo tenant holds more apps than the budget').toBeGreaterThan(2 * budget);
  await noLogs(page);
  await setFaults(request, { rateLimit: budget });
  await clearRequestLog(request);
  await page.goto('/');
  // While Graph holds the client back, the page says so and counts down.
  await expect(page.getByText(/^Waiting for Graph: throttled, resuming in \d+ sec$/)).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('status').filter({ hasText: /^Waiting for Graph: throttled until / })).toHaveCount(1);
  await scanned(page, m, 90_000);

  const log = counted(await requestLog(request));
  const throttled = log.filter((r) => r.status === 429);
  expect(throttled.length, 'the first burst met the budget').toBeGreaterThan(0);
  expect(throttled.every((r) => r.throttle === 'budget')).toBe(true);
  // Every 429 came in the first burst (one $batch): from then on the client kept to what it learned.
  expect(new Set(throttled.map((r) => r.batch?.id)).size, 'one batch met the budget').toBe(1);
  const learnedAt = Math.max(...throttled.map((r) => r.atMs));
  const after = log.filter((r) => r.atMs > learnedAt);
  expect(after.length, 'requests were sent after the first 429').toBeGreaterThan(budget);
  for (const first of after) {
    const inWindow = after.filter((r) => r.atMs >= first.atMs && r.atMs < first.atMs + 10_000);
    expect(inWindow.length, `requests in the 10 s from ${first.atMs} ms`).toBeLessThanOrEqual(budget);
  }
  // Every app's job list was read once (the 429s were asked again, nothing else).
  const lists = log.filter(isJobList);
  const ok = lists.filter((r) => r.status === 200);
  expect(new Set(ok.map((r) => r.path)).size).toBe(m.counts.apps);
  expect(lists.length).toBe(m.counts.apps + throttled.filter(isJobList).length);
  expect(problems.filter((p) => !p.includes('429'))).toEqual([]);
});

test('under a storm of faults every job of the tenant appears and no failure line remains', async ({ page, request }) => {
  test.setTimeout(120_000);
  const m = await manifest(request);
  await noLogs(page);
  await setFaults(request, {
    error503Rate: 0.1, error500Rate: 0.1, htmlErrorRate: 0.05, dropRate: 0.05, latencyMs: 30,
  });
  await clearRequestLog(request);
  await page.goto('/');
  await scanned(page, m, 90_000);
  const lines = page.getByRole('list', { name: 'Apps whose jobs could not be read' }).getByRole('listitem');
  await expect(lines).toHaveCount(0);
  const log = await requestLog(request);
  const failed = log.filter((r) => r.graph && r.status >= 500);
  expect(failed.length, 'the storm did hit the scan').toBeGreaterThan(0);
  // Apps without jobs are read once by the scan and never by the refresh: exactly one 200 each.
  for (const app of m.apps.filter((a) => a.jobs.length === 0)) {
    const ok = log.filter((r) => isJobList(r) && r.status === 200 && r.path.includes(`/servicePrincipals/${app.servicePrincipalId}/`));
    expect(ok, app.displayName).toHaveLength(1);
  }
});

/**
 * Answers 503 with a Retry-After of two minutes, inside the `$batch` answers, for the job lists
 * of `apps` while `failing()` says so.
 */
async function failJobLists(page, apps, failing) {
  const ids = apps.map((a) => `/servicePrincipals/${a.servicePrincipalId}/`);
  await page.route('**/$batch', async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    if (failing()) {
      for (const r of body.responses ?? []) {
        const asked = JSON.parse(route.request().postData()).requests.find((q) => q.id === r.id);
        if (ids.some((id) => asked?.url.includes(id))) {
          r.status = 503;
          r.headers = { 'Retry-After': '120', 'Content-Type': 'application/json' };
          r.body = { error: { code: 'ServiceUnavailable', message: 'Try later.', innerError: { 'request-id': 'rq-503' } } };
        }
      }
    }
    await route.fulfill({ response, json: body });
  });
}

test('many apps waiting: five lines, the rest counted, every one in the progress', async ({ page, request }) => {
  const m = await manifest(request);
  const apps = m.apps.filter((a) => a.jobs.length === 0);
  expect(apps.length, 'the demo tenant has more than five apps without jobs').toBeGreaterThan(5);
  await noLogs(page);
  await failJobLists(page, apps, () => true);
  await page.goto('/');
  const bar = page.getByRole('progressbar', { name: 'Apps scanned' });
  const n = apps.length;
  await expect(bar).toHaveAttribute('aria-valuetext', `Scanned ${m.counts.apps - n} of ${m.counts.apps} apps; ${n} waiting to be retried`);
  await expect(page.getByRole('list', { name: 'Apps whose jobs could not be read' }).getByRole('listitem')).toHaveCount(5);
  await expect(page.getByText(`… and ${n - 5} more apps waiting to be retried.`)).toBeVisible();
  // The cards are not pushed away: every job is there.
  await expect(page.getByRole('article')).toHaveCount(jobCount(m));
  await page.unrouteAll({ behavior: 'ignoreErrors' });
});

test('an app that keeps failing waits as one line with its next try; "Retry now" reads it at once', async ({ page, request }) => {
  test.setTimeout(90_000);
  const m = await manifest(request);
  const app = m.apps.find((a) => a.jobs.length === 1);
  let failing = true;
  await noLogs(page);
  await failJobLists(page, [app], () => failing);
  await page.goto('/');
  const line = page.getByRole('list', { name: 'Apps whose jobs could not be read' }).getByRole('listitem');
  await expect(line).toHaveCount(1);
  await expect(line).toContainText(app.displayName);
  await expect(line).toContainText('ServiceUnavailable');
  await expect(line).toContainText(/Next try at /);
  // The line is no alert: it changes at each try.
  await expect(line.getByRole('alert')).toHaveCount(0);
  const bar = page.getByRole('progressbar', { name: 'Apps scanned' });
  await expect(bar).toHaveAttribute('aria-valuetext', `Scanned ${m.counts.apps - 1} of ${m.counts.apps} apps; 1 waiting to be retried`);
  await expect(page.getByRole('article', { name: app.displayName, exact: true })).toHaveCount(0);
  await expectAccessible(page, 'the fleet with an app waiting for its next try');

  failing = false;
  await line.getByRole('button', { name: 'Retry now' }).click();
  // Long before the two minutes: the app is read, its card is there and its line is gone.
  await expect(page.getByRole('article', { name: app.displayName, exact: true })).toHaveCount(1, { timeout: 10_000 });
  await expect(line).toHaveCount(0);
  await expect(bar).toHaveAttribute('aria-valuetext', `Scanned all ${m.counts.apps} apps`);
  await page.unrouteAll({ behavior: 'ignoreErrors' });
});
