// Actions that can't hurt: what the emulator's request log saw for each one.
import { test, expect } from '@playwright/test';
import { clearRequestLog, isRefresh, requestLog, resetEmulator, servicePrincipal, waitForLogged, watchConsole } from './support.mjs';

test.afterEach(async ({ request }) => {
  await resetEmulator(request);
});

const card = (page, name) => page.getByRole('article', { name, exact: true });
const writes = async (request) =>
  (await requestLog(request)).filter((r) => r.graph && !r.batch && r.method !== 'GET' && r.method !== 'OPTIONS');

async function ready(page) {
  await page.goto('/');
  await expect(page.getByRole('article')).toHaveCount(13);
}

test('a double click on Start sends exactly one POST', async ({ page, request }) => {
  await ready(page);
  await clearRequestLog(request);
  const zendesk = card(page, 'Zendesk');
  await zendesk.getByRole('button', { name: 'Start', exact: true }).dblclick();
  await expect(page.getByRole('status').filter({ hasText: 'Start requested for Zendesk' })).toBeVisible();
  await expect(zendesk.locator('.sd-badge__text')).not.toHaveText('Paused', { timeout: 15_000 });
  const posts = await writes(request);
  expect(posts.map((r) => `${r.method} ${r.path.replace(/\/servicePrincipals\/[^/]+/, '/sp')}`)).toEqual([
    'POST /v1.0/sp/synchronization/jobs/zendesk.39ef1efd7ddb2463c772e70407b9159b/start',
  ]);
  expect(posts[0].status).toBe(204);
});

test('Start is disabled on an active job, says why, and no start call is sent', async ({ page, request }) => {
  test.setTimeout(60_000);
  await ready(page);
  await clearRequestLog(request);
  const start = card(page, 'Slack').getByRole('button', { name: 'Start', exact: true });
  await expect(start).toBeDisabled();
  await expect(start).toHaveAccessibleDescription(/running/i);
  await start.click({ force: true });
  // The known later event: the next automatic refresh, which follows the click.
  const since = (await requestLog(request)).length;
  await waitForLogged(request, since, isRefresh);
  expect((await writes(request)).filter((r) => r.path.endsWith('/start'))).toEqual([]);
  // Pause is what an active job allows.
  await expect(card(page, 'Slack').getByRole('button', { name: 'Pause', exact: true })).toBeEnabled();
});

test('the restart body carries exactly the chosen scopes, shown before it is sent', async ({ page, request }) => {
  await ready(page);
  await clearRequestLog(request);
  await card(page, 'Salesforce Sandbox').getByRole('button', { name: 'Restart', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: /Restart/ });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('checkbox', { name: /^None/ })).toHaveCount(0);
  await dialog.getByRole('checkbox', { name: /^Escrows/ }).check();
  await dialog.getByRole('checkbox', { name: /^QuarantineState/ }).check();
  await expect(dialog.locator('.sd-request')).toContainText('POST /servicePrincipals/');
  await expect(dialog.locator('.sd-request')).toContainText('{"criteria":{"resetScope":"Escrows, QuarantineState"}}');
  await dialog.getByRole('button', { name: 'Restart', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Restart requested for Salesforce Sandbox' })).toBeVisible();
  const posts = await writes(request);
  expect(posts).toHaveLength(1);
  expect(posts[0].path).toMatch(/\/synchronization\/jobs\/SfSandboxOutDelta\.[0-9a-f]+\/restart$/);
  expect(JSON.parse(posts[0].body)).toEqual({ criteria: { resetScope: 'Escrows, QuarantineState' } });
});

test('an empty scope is the portal Restart', async ({ page, request }) => {
  await ready(page);
  await clearRequestLog(request);
  await card(page, 'Zendesk').getByRole('button', { name: 'Restart', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: /Restart/ });
  await dialog.getByRole('button', { name: 'Restart', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Restart requested for Zendesk' })).toBeVisible();
  const posts = await writes(request);
  expect(posts).toHaveLength(1);
  expect(JSON.parse(posts[0].body)).toEqual({ criteria: { resetScope: '' } });
});

test('ForceDeletes cannot be confirmed without typing the app name', async ({ page, request }) => {
  await ready(page);
  await clearRequestLog(request);
  const servicenow = card(page, 'ServiceNow');
  await servicenow.getByRole('button', { name: 'Restart', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: /Restart/ });
  await dialog.getByRole('checkbox', { name: /^ForceDeletes/ }).check();
  const confirm = dialog.getByRole('button', { name: 'Restart', exact: true });
  await expect(confirm).toBeDisabled();
  const typed = dialog.getByRole('textbox', { name: 'Type the app name to confirm' });
  await typed.fill('Service Now');
  await expect(confirm).toBeDisabled();
  await confirm.click({ force: true });
  expect(await writes(request)).toEqual([]);
  await typed.fill('ServiceNow');
  await expect(confirm).toBeEnabled();
  await confirm.click();
  await expect(page.getByRole('status').filter({ hasText: 'Restart requested for ServiceNow' })).toBeVisible();
  const posts = await writes(request);
  expect(posts).toHaveLength(1);
  expect(JSON.parse(posts[0].body)).toEqual({ criteria: { resetScope: 'ForceDeletes' } });
  // ForceDeletes lifts the TooManyDeletes quarantine: the card catches up.
  await expect(servicenow.locator('.sd-badge__text')).not.toHaveText('Quarantine', { timeout: 15_000 });
});

test('the connector data store scope sits behind the advanced section and needs the name', async ({ page }) => {
  await ready(page);
  await card(page, 'Salesforce Sandbox').getByRole('button', { name: 'Restart', exact: true }).click();
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
  await ready(page);
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
  await card(page, 'Slack').getByRole('button', { name: 'Pause', exact: true }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Pause failed for Slack' });
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
  await expect(card(page, 'Slack').locator('.sd-badge__text')).toHaveText('Active');
});

test('a created job shows up as Not configured and the page says what comes next', async ({ page, request }) => {
  const box = await servicePrincipal(request, 'Box');
  await page.goto(`/servicePrincipals/${box.id}`);
  await expect(page.getByRole('article', { name: 'Box', exact: true })).toHaveCount(1);
  await clearRequestLog(request);
  await page.getByRole('button', { name: 'New job' }).click();
  const dialog = page.getByRole('dialog', { name: 'New provisioning job' });
  await expect(dialog.getByRole('combobox', { name: 'Template' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Create' }).dblclick();
  await expect(page.getByRole('article', { name: 'Box', exact: true })).toHaveCount(2);
  const created = (await writes(request)).filter((r) => r.method === 'POST');
  expect(created).toHaveLength(1);
  expect(created[0].path).toBe(`/v1.0/servicePrincipals/${box.id}/synchronization/jobs`);
  expect(JSON.parse(created[0].body)).toEqual({ templateId: 'BoxOutDelta' });
  await expect(page.locator('.sd-next')).toContainText('Not configured');
  await expect(page.locator('.sd-next')).toContainText('then Start');
  const notConfigured = page.getByRole('article', { name: 'Box', exact: true }).filter({ hasText: 'Not configured' });
  await expect(notConfigured).toHaveCount(2);
  await expect(notConfigured.first()).toContainText('not scheduled');
});

test('bulk start skips active jobs and starts the others one by one', async ({ page, request }) => {
  await ready(page);
  await clearRequestLog(request);
  for (const name of ['Zendesk', 'Slack', 'Salesforce Sandbox']) {
    await card(page, name).getByRole('checkbox', { name: /^Select/ }).check();
  }
  await page.getByRole('button', { name: 'Start selected' }).click();
  const dialog = page.getByRole('dialog', { name: /Start 2 of the selected jobs/ });
  await expect(dialog).toBeVisible();
  const slackRow = dialog.getByRole('row').filter({ hasText: 'Slack' });
  await expect(slackRow).toContainText('Skipped');
  await expect(slackRow).toContainText(/running/i);
  await dialog.getByRole('button', { name: 'Start 2 jobs' }).click();
  await expect(dialog.getByRole('row').filter({ hasText: 'Zendesk' })).toContainText('Done');
  await expect(dialog.getByRole('row').filter({ hasText: 'Salesforce Sandbox' })).toContainText('Done');
  const starts = (await writes(request)).filter((r) => r.path.endsWith('/start'));
  expect(starts).toHaveLength(2);
  expect(starts.some((r) => r.path.includes('/jobs/slack.'))).toBeFalsy();
  await expect(page.getByRole('status').filter({ hasText: 'Bulk start: 2 done, 0 failed, 1 skipped' })).toBeVisible();
});

test('delete needs the job id typed, says what is lost, and sends one DELETE', async ({ page, request }) => {
  const problems = watchConsole(page);
  await ready(page);
  await clearRequestLog(request);
  await card(page, 'Databricks').getByRole('button', { name: 'Delete', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: /Delete/ });
  await expect(dialog).toContainText('accounts already provisioned');
  const confirm = dialog.getByRole('button', { name: 'Delete', exact: true });
  await expect(confirm).toBeDisabled();
  await dialog.getByRole('textbox', { name: 'Type the job id to confirm' }).fill('dataBricks.a001441e218a36d86b9ab4a84c8fc6b3');
  await confirm.dblclick();
  await expect(card(page, 'Databricks')).toHaveCount(0, { timeout: 15_000 });
  const deletes = (await writes(request)).filter((r) => r.method === 'DELETE');
  expect(deletes).toHaveLength(1);
  expect(deletes[0].path).toMatch(/\/synchronization\/jobs\/dataBricks\.a001441e218a36d86b9ab4a84c8fc6b3$/);
  expect(problems.filter((p) => !p.includes('404'))).toEqual([]);
});

test('bulk: a failed start is not retried by itself, and "Retry failed" sends only that one again', async ({ page, request }) => {
  await ready(page);
  await clearRequestLog(request);
  let refused = 0;
  await page.route(/\/jobs\/zendesk\.[0-9a-f]+\/start$/, async (route) => {
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
  for (const name of ['Zendesk', 'Salesforce Sandbox']) {
    await card(page, name).getByRole('checkbox', { name: /^Select/ }).check();
  }
  await page.getByRole('button', { name: 'Start selected' }).click();
  const dialog = page.getByRole('dialog', { name: /Start 2 of the selected jobs/ });
  await dialog.getByRole('button', { name: 'Start 2 jobs' }).click();
  const zendesk = dialog.getByRole('row').filter({ hasText: 'Zendesk' });
  await expect(zendesk).toContainText('Failed');
  await expect(zendesk).toContainText('req-503');
  await expect(dialog.getByRole('row').filter({ hasText: 'Salesforce Sandbox' })).toContainText('Done');
  // A 503 on a write is never retried automatically: one attempt, refused before the emulator.
  expect(refused).toBe(1);
  expect((await writes(request)).filter((r) => r.path.includes('/jobs/zendesk.'))).toEqual([]);
  await dialog.getByRole('button', { name: 'Retry failed' }).click();
  await expect(zendesk).toContainText('Done');
  const starts = (await writes(request)).filter((r) => r.path.endsWith('/start'));
  expect(starts).toHaveLength(2);
  expect(starts.filter((r) => r.path.includes('/jobs/zendesk.'))).toHaveLength(1);
});
