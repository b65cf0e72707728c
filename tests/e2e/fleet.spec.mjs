// The fleet view against the emulator's demo tenant.
import { test, expect } from '@playwright/test';
import { clearRequestLog, requestLog, watchConsole } from './support.mjs';

// The demo tenant's apps with jobs (crates/emulator/src/demo.rs); Cloud Sync has two jobs.
const APPS_WITH_JOBS = [
  'Salesforce Sandbox', 'ServiceNow', 'Fabrikam cross-tenant sync', 'Contoso HR (Workday)', 'Slack',
  'Google Workspace', 'Zendesk', 'Box', 'Amazon Web Services (AWS)', 'Contoso Cloud Sync',
  'Contoso HRIS (API-driven inbound)', 'Databricks',
];

test('every job of the demo tenant appears as a named status card', async ({ page, request }) => {
  const problems = watchConsole(page);
  await clearRequestLog(request);
  await page.goto('/');
  await expect(page.getByRole('article')).toHaveCount(APPS_WITH_JOBS.length + 1);
  for (const name of APPS_WITH_JOBS) {
    await expect(page.getByRole('article', { name, exact: true }).first()).toBeVisible();
  }
  await expect(page.getByRole('article', { name: 'Contoso Cloud Sync', exact: true })).toHaveCount(2);
  await expect(page.getByText('13 jobs', { exact: false })).toBeVisible();

  const bar = page.getByRole('progressbar', { name: 'Apps scanned' });
  const total = await bar.getAttribute('aria-valuemax');
  expect(Number(total)).toBeGreaterThan(APPS_WITH_JOBS.length);
  await expect(bar).toHaveAttribute('aria-valuenow', total);

  // The scan: one service principal page ($top=999, minimal $select), then the job lists
  // fanned out through $batch, 20 a batch: the protocol minimum ceil(N/999) + ceil(N/20).
  const log = (await requestLog(request)).filter((r) => r.graph);
  const outer = log.filter((r) => !r.batch);
  const lists = outer.filter((r) => r.path === '/v1.0/servicePrincipals');
  expect(lists).toHaveLength(1);
  expect(decodeURIComponent(lists[0].query)).toContain('$top=999');
  expect(decodeURIComponent(lists[0].query)).toContain('$select=id,appId,displayName,applicationTemplateId');
  const batches = outer.filter((r) => r.path === '/v1.0/$batch');
  expect(batches.every((r) => r.method === 'POST' && r.status === 200)).toBeTruthy();
  expect(outer).toHaveLength(1 + Math.ceil(Number(total) / 20));
  const subs = log.filter((r) => r.batch);
  const jobLists = subs.filter((r) => /^\/v1\.0\/servicePrincipals\/[^/]+\/synchronization\/jobs$/.test(r.path));
  expect(jobLists).toHaveLength(Number(total));
  expect(new Set(jobLists.map((r) => r.path)).size).toBe(Number(total));
  expect(subs.every((r) => r.method === 'GET' && r.status === 200)).toBeTruthy();
  expect(problems).toEqual([]);
});

test('every status code of the reference is shown as text', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('article')).toHaveCount(13);
  const card = (name) => page.getByRole('article', { name, exact: true }).first();
  await expect(card('Slack')).toContainText('Active');
  await expect(card('Zendesk')).toContainText('Paused');
  await expect(card('Box')).toContainText('Not configured');
  await expect(card('Box')).toContainText('not scheduled');
  await expect(card('Amazon Web Services (AWS)')).toContainText('Not run');
  await expect(card('Contoso HR (Workday)')).toContainText(/of 400 pages/);
  await expect(card('Contoso HR (Workday)')).toContainText('In progress, began');
  await expect(card('Google Workspace')).toContainText('Failed');
});

test('a quarantined job shows Quarantine and its reason', async ({ page }) => {
  await page.goto('/');
  const sf = page.getByRole('article', { name: 'Salesforce Sandbox' });
  await expect(sf.locator('.sd-badge__text')).toHaveText('Quarantine');
  await expect(sf).toContainText('EncounteredQuarantineException');
  await expect(sf).toContainText('could not connect to or authenticate');
  await expect(sf).toContainText('SalesforceInvalidCredentials');
  await expect(sf).toContainText(/\d+ days left before the job is disabled/);
  await expect(sf).toContainText('re-evaluated 5 times');

  const sn = page.getByRole('article', { name: 'ServiceNow' });
  await expect(sn.locator('.sd-badge__text')).toHaveText('Quarantine');
  await expect(sn).toContainText('TooManyDeletes');
  const fab = page.getByRole('article', { name: 'Fabrikam cross-tenant sync' });
  await expect(fab).toContainText('EncounteredEscrowProportionThreshold');
  await expect(page.getByRole('article', { name: 'Databricks' })).toContainText('QuarantinedOnDemand');
});

test('the emulator banner says token mode', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('note').filter({ hasText: 'Local emulator' })).toBeVisible();
});
