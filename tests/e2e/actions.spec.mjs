// Actions that can't hurt: what the emulator's request log saw for each one.
import { test, expect } from '@playwright/test';
import {
  clearRequestLog, isRefresh, jobCount, jobOf, manifest, notConfiguredJob, pausedJob, quarantinedWith, requestLog,
  resetEmulator, runningJob, waitForLogged, watchConsole,
} from './support.mjs';

test.afterEach(async ({ request }) => {
  await resetEmulator(request);
});

const card = (page, name) => page.getByRole('article', { name, exact: true });
const writes = async (request) =>
  (await requestLog(request)).filter((r) => r.graph && !r.batch && r.method !== 'GET' && r.method !== 'OPTIONS');

/** Opens the fleet page and waits for every job's card; returns the manifest of the tenant. */
async function ready(page, request) {
  const m = await manifest(request);
  await page.goto('/');
  await expect(page.getByRole('article')).toHaveCount(jobCount(m));
  return m;
}

/** The jobs a bulk Start sends: every selected job but those already running. */
const startable = (jobs) => jobs.filter((j) => !j.running);

test('a double click on Start sends exactly one POST', async ({ page, request }) => {
  const paused = pausedJob(await ready(page, request));
  await clearRequestLog(request);
  const pausedCard = card(page, paused.appName);
  await pausedCard.getByRole('button', { name: 'Start', exact: true }).dblclick();
  await expect(page.getByRole('status').filter({ hasText: `Start requested for ${paused.appName}` })).toBeVisible();
  await expect(pausedCard.locator('.sd-badge__text')).not.toHaveText('Paused', { timeout: 15_000 });
  const posts = await writes(request);
  expect(posts.map((r) => `${r.method} ${r.path}`)).toEqual([
    `POST /v1.0/servicePrincipals/${paused.servicePrincipalId}/synchronization/jobs/${paused.id}/start`,
  ]);
  expect(posts[0].status).toBe(204);
});

test('Start is disabled on an active job, says why, and no start call is sent', async ({ page, request }) => {
  test.setTimeout(60_000);
  const running = runningJob(await ready(page, request));
  await clearRequestLog(request);
  const start = card(page, running.appName).getByRole('button', { name: 'Start', exact: true });
  await expect(start).toBeDisabled();
  await expect(start).toHaveAccessibleDescription(/running/i);
  await start.click({ force: true });
  // The known later event: the next automatic refresh, which follows the click.
  const since = (await requestLog(request)).length;
  await waitForLogged(request, since, isRefresh);
  expect((await writes(request)).filter((r) => r.path.endsWith('/start'))).toEqual([]);
  // Pause is what an active job allows.
  await expect(card(page, running.appName).getByRole('button', { name: 'Pause', exact: true })).toBeEnabled();
});

test('the restart body carries exactly the chosen scopes, shown before it is sent', async ({ page, request }) => {
  // A job quarantined after its connection failed: QuarantineState is the scope that lifts it.
  const quarantined = quarantinedWith(await ready(page, request), 'EncounteredQuarantineException');
  await clearRequestLog(request);
  await card(page, quarantined.appName).getByRole('button', { name: 'Restart', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: /Restart/ });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('checkbox', { name: /^None/ })).toHaveCount(0);
  await dialog.getByRole('checkbox', { name: /^Escrows/ }).check();
  await dialog.getByRole('checkbox', { name: /^QuarantineState/ }).check();
  await expect(dialog.locator('.sd-request')).toContainText('POST /servicePrincipals/');
  await expect(dialog.locator('.sd-request')).toContainText('{"criteria":{"resetScope":"Escrows, QuarantineState"}}');
  await dialog.getByRole('button', { name: 'Restart', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: `Restart requested for ${quarantined.appName}` })).toBeVisible();
  const posts = await writes(request);
  expect(posts).toHaveLength(1);
  expect(posts[0].path).toBe(`/v1.0/servicePrincipals/${quarantined.servicePrincipalId}/synchronization/jobs/${quarantined.id}/restart`);
  expect(JSON.parse(posts[0].body)).toEqual({ criteria: { resetScope: 'Escrows, QuarantineState' } });
});

test('an empty scope is the portal Restart', async ({ page, request }) => {
  const paused = pausedJob(await ready(page, request));
  await clearRequestLog(request);
  await card(page, paused.appName).getByRole('button', { name: 'Restart', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: /Restart/ });
  await dialog.getByRole('button', { name: 'Restart', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: `Restart requested for ${paused.appName}` })).toBeVisible();
  const posts = await writes(request);
  expect(posts).toHaveLength(1);
  expect(JSON.parse(posts[0].body)).toEqual({ criteria: { resetScope: '' } });
});

test('ForceDeletes cannot be confirmed without typing the app name', async ({ page, request }) => {
  // The job quarantined for too many deletes: ForceDeletes is the scope that lifts it.
  const tooManyDeletes = quarantinedWith(await ready(page, request), 'TooManyDeletes');
  const name = tooManyDeletes.appName;
  await clearRequestLog(request);
  const quarantinedCard = card(page, name);
  await quarantinedCard.getByRole('button', { name: 'Restart', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: /Restart/ });
  await dialog.getByRole('checkbox', { name: /^ForceDeletes/ }).check();
  const confirm = dialog.getByRole('button', { name: 'Restart', exact: true });
  await expect(confirm).toBeDisabled();
  const typed = dialog.getByRole('textbox', { name: 'Type the app name to confirm' });
  // Nearly the name: its last character missing.
  await typed.fill(name.slice(0, -1));
  await expect(confirm).toBeDisabled();
  // A click on the disabled button (dispatched: a forced click needs it inside the viewport,
  // and the dialog's height depends on its texts) sends nothing.
  await confirm.dispatchEvent('click');
  expect(await writes(request)).toEqual([]);
  await typed.fill(name);
  await expect(confirm).toBeEnabled();
  await confirm.click();
  await expect(page.getByRole('status').filter({ hasText: `Restart requested for ${name}` })).toBeVisible();
  const posts = await writes(request);
  expect(posts).toHaveLength(1);
  expect(JSON.parse(posts[0].body)).toEqual({ criteria: { resetScope: 'ForceDeletes' } });
  // ForceDeletes lifts the TooManyDeletes quarantine: the card catches up.
  await expect(quarantinedCard.locator('.sd-badge__text')).not.toHaveText('Quarantine', { timeout: 15_000 });
});

test('the connector data store scope sits behind the advanced section and needs the name', async ({ page, request }) => {
  const quarantined = quarantinedWith(await ready(page, request), 'EncounteredQuarantineException');
  await card(page, quarantined.appName).getByRole('button', { name: 'Restart', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: /Restart/ });
  const cds = dialog.getByRole('checkbox', { name: /^ConnectorDataStore/ });
  await expect(cds).toBeHidden();
  await dialog.getByText("Advanced, on Microsoft support's advice only").click();
  await cds.check();
  await expect(dialog.getByRole('button', { name: 'Restart', exact: true })).toBeDisabled();
  await expect(dialog.getByRole('textbox', { name: 'Type the app name to confirm' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
});

test('a 403 on an action shows an alert with the code, the request-id and the hint', async ({ page, request }) => {
  test.setTimeout(60_000);
  const running = runningJob(await ready(page, request));
  await clearRequestLog(request);
  let pauses = 0;
  await page.route('**/pause', (route) => {
    pauses += 1;
    return route.fulfill({
      status: 403,
      contentType: 'application/json',
      headers: { 'request-id': 'req-403-e2e', 'Access-Control-Allow-Origin': '*' },
      body: JSON.stringify({
        error: {
          code: 'Authorization_RequestDenied',
          message: 'Insufficient privileges to complete the operation.',
          innerError: { date: '2026-11-22T10:00:00', 'request-id': 'req-403-e2e', 'client-request-id': 'c-1' },
        },
      }),
    });
  });
  await card(page, running.appName).getByRole('button', { name: 'Pause', exact: true }).click();
  const alert = page.getByRole('alert').filter({ hasText: `Pause failed for ${running.appName}` });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('Authorization_RequestDenied');
  await expect(alert).toContainText('req-403-e2e');
  await expect(alert).toContainText('403');
  await expect(alert).toContainText('Synchronization.ReadWrite.All');
  // A failed write is never retried by itself: one attempt, counted until the next automatic
  // refresh has run.
  expect(pauses).toBe(1);
  await waitForLogged(request, 0, isRefresh);
  expect(pauses).toBe(1);
  await expect(card(page, running.appName).locator('.sd-badge__text')).toHaveText('Active');
});

test('a created job shows up as Not configured and the page says what comes next', async ({ page, request }) => {
  // The app whose one job is not configured yet: a second job from the same template joins it.
  const existing = notConfiguredJob(await manifest(request));
  const app = card(page, existing.appName);
  await page.goto(`/servicePrincipals/${existing.servicePrincipalId}`);
  await expect(app).toHaveCount(1);
  await clearRequestLog(request);
  await page.getByRole('button', { name: 'New job' }).click();
  const dialog = page.getByRole('dialog', { name: 'New provisioning job' });
  await expect(dialog.getByRole('combobox', { name: 'Template' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Create' }).dblclick();
  await expect(app).toHaveCount(2);
  const created = (await writes(request)).filter((r) => r.method === 'POST');
  expect(created).toHaveLength(1);
  expect(created[0].path).toBe(`/v1.0/servicePrincipals/${existing.servicePrincipalId}/synchronization/jobs`);
  expect(JSON.parse(created[0].body)).toEqual({ templateId: existing.templateId });
  await expect(page.locator('.sd-next')).toContainText('Not configured');
  await expect(page.locator('.sd-next')).toContainText('then Start');
  const notConfigured = app.filter({ hasText: 'Not configured' });
  await expect(notConfigured).toHaveCount(2);
  await expect(notConfigured.first()).toContainText('not scheduled');
});

test('bulk start skips active jobs and starts the others one by one', async ({ page, request }) => {
  const m = await ready(page, request);
  const running = runningJob(m);
  const others = [pausedJob(m), quarantinedWith(m, 'EncounteredQuarantineException')];
  expect(startable([running, ...others]), 'the paused and the quarantined job are not running').toEqual(others);
  const n = others.length;
  await clearRequestLog(request);
  for (const job of [others[0], running, others[1]]) {
    await card(page, job.appName).getByRole('checkbox', { name: /^Select/ }).check();
  }
  await page.getByRole('button', { name: 'Start selected' }).click();
  const dialog = page.getByRole('dialog', { name: new RegExp(`Start ${n} of the selected jobs`) });
  await expect(dialog).toBeVisible();
  const runningRow = dialog.getByRole('row').filter({ hasText: running.appName });
  await expect(runningRow).toContainText('Skipped');
  await expect(runningRow).toContainText(/running/i);
  await dialog.getByRole('button', { name: `Start ${n} jobs` }).click();
  for (const job of others) {
    await expect(dialog.getByRole('row').filter({ hasText: job.appName })).toContainText('Done');
  }
  const starts = (await writes(request)).filter((r) => r.path.endsWith('/start'));
  expect(starts.map((r) => r.path).sort()).toEqual(
    others.map((j) => `/v1.0/servicePrincipals/${j.servicePrincipalId}/synchronization/jobs/${j.id}/start`).sort(),
  );
  await expect(page.getByRole('status').filter({ hasText: `Bulk start: ${n} done, 0 failed, 1 skipped` })).toBeVisible();
});

test('delete needs the job id typed, says what is lost, and sends one DELETE', async ({ page, request }) => {
  const problems = watchConsole(page);
  // Databricks' job, its app's only one: its card goes with it.
  const doomed = jobOf(await ready(page, request), 'Databricks');
  await clearRequestLog(request);
  await card(page, doomed.appName).getByRole('button', { name: 'Delete', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: /Delete/ });
  await expect(dialog).toContainText('accounts already provisioned');
  const confirm = dialog.getByRole('button', { name: 'Delete', exact: true });
  await expect(confirm).toBeDisabled();
  await dialog.getByRole('textbox', { name: 'Type the job id to confirm' }).fill(doomed.id);
  await confirm.dblclick();
  await expect(card(page, doomed.appName)).toHaveCount(0, { timeout: 15_000 });
  const deletes = (await writes(request)).filter((r) => r.method === 'DELETE');
  expect(deletes).toHaveLength(1);
  expect(deletes[0].path).toBe(`/v1.0/servicePrincipals/${doomed.servicePrincipalId}/synchronization/jobs/${doomed.id}`);
  expect(problems.filter((p) => !p.includes('404'))).toEqual([]);
});

test('bulk: a failed start is not retried by itself, and "Retry failed" sends only that one again', async ({ page, request }) => {
  const m = await ready(page, request);
  const [refusedJob, other] = [pausedJob(m), quarantinedWith(m, 'EncounteredQuarantineException')];
  const isStartOf = (job) => (path) => path.endsWith(`/jobs/${job.id}/start`);
  await clearRequestLog(request);
  let refused = 0;
  await page.route((url) => isStartOf(refusedJob)(url.pathname), async (route) => {
    if (refused === 0) {
      refused += 1;
      await route.fulfill({
        status: 503,
        contentType: 'application/json',
        headers: { 'Access-Control-Allow-Origin': '*' },
        body: JSON.stringify({ error: { code: 'ServiceUnavailable', message: 'Try later.', innerError: { 'request-id': 'req-503' } } }),
      });
    } else {
      await route.continue();
    }
  });
  const selected = [refusedJob, other];
  expect(startable(selected), 'neither selected job is running').toEqual(selected);
  for (const job of selected) {
    await card(page, job.appName).getByRole('checkbox', { name: /^Select/ }).check();
  }
  await page.getByRole('button', { name: 'Start selected' }).click();
  const dialog = page.getByRole('dialog', { name: `Start ${selected.length} of the selected jobs` });
  await dialog.getByRole('button', { name: `Start ${selected.length} jobs` }).click();
  const refusedRow = dialog.getByRole('row').filter({ hasText: refusedJob.appName });
  await expect(refusedRow).toContainText('Failed');
  await expect(refusedRow).toContainText('req-503');
  await expect(dialog.getByRole('row').filter({ hasText: other.appName })).toContainText('Done');
  // A 503 on a write is never retried automatically: one attempt, refused before the emulator.
  expect(refused).toBe(1);
  expect((await writes(request)).filter((r) => isStartOf(refusedJob)(r.path))).toEqual([]);
  await dialog.getByRole('button', { name: 'Retry failed' }).click();
  await expect(refusedRow).toContainText('Done');
  const starts = (await writes(request)).filter((r) => r.path.endsWith('/start'));
  expect(starts).toHaveLength(2);
  expect(starts.filter((r) => isStartOf(refusedJob)(r.path))).toHaveLength(1);
});

test('a card the new state moves up keeps the keyboard focus', async ({ page, request }) => {
  const m = await ready(page, request);
  const names = () => page.getByRole('article').evaluateAll((cards) => cards.map((c) => document.getElementById(c.getAttribute('aria-labelledby'))?.textContent));
  const before = await names();
  // The last card on the page of an active job alone in its app: paused, it ranks higher.
  const active = new Set(m.jobs.filter((j) => j.statusCode === 'Active' && j.alone).map((j) => j.appName));
  const name = before.findLast((n) => active.has(n));
  expect(name, 'the demo has an active job alone in its app').toBeTruthy();
  const moved = card(page, name);
  await moved.getByRole('button', { name: 'Pause', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(moved.locator('.sd-badge__text')).toHaveText('Paused', { timeout: 15_000 });
  await expect.poll(async () => (await names()).indexOf(name), 'the card moved up').toBeLessThan(before.indexOf(name));
  // Pause is no longer allowed: the focus is on the card's first allowed action, not the page.
  await expect(moved.getByRole('button', { name: 'Start', exact: true })).toBeFocused();
});
