// The fleet view against the emulator's demo tenant.
import { test, expect } from '@playwright/test';
import {
  appsWithJobs, aJob, clearRequestLog, graphJob, jobCount, jobsWithStatus, manifest, notConfiguredJob, quarantinedWith,
  requestLog, watchConsole,
} from './support.mjs';

/** How a status card names each `status.code` (the state filter's labels). */
const STATUS_LABELS = {
  Active: 'Active', Paused: 'Paused', NotConfigured: 'Not configured', NotRun: 'Not run', Quarantine: 'Quarantine',
};

const card = (page, name) => page.getByRole('article', { name, exact: true });

test('every job of the demo tenant appears as a named status card', async ({ page, request }) => {
  const problems = watchConsole(page);
  const m = await manifest(request);
  const apps = appsWithJobs(m);
  expect(apps.some((app) => app.jobs.length > 1), 'an app of the demo tenant has several jobs').toBeTruthy();
  await clearRequestLog(request);
  await page.goto('/');
  await expect(page.getByRole('article')).toHaveCount(jobCount(m));
  // One card per job, named after its app: an app with several jobs has several cards.
  for (const app of apps) {
    await expect(card(page, app.displayName).first()).toBeVisible();
    await expect(card(page, app.displayName)).toHaveCount(app.jobs.length);
  }
  await expect(page.getByText(`${jobCount(m)} jobs`, { exact: false })).toBeVisible();

  // Every app is scanned, with or without jobs.
  const bar = page.getByRole('progressbar', { name: 'Apps scanned' });
  const total = await bar.getAttribute('aria-valuemax');
  expect(Number(total)).toBe(m.counts.apps);
  expect(Number(total)).toBeGreaterThan(apps.length);
  await expect(bar).toHaveAttribute('aria-valuenow', total);

  // The scan: one service principal page ($top=999, minimal $select), then the job lists
  // fanned out through $batch, 20 a batch: the protocol minimum ceil(N/999) + ceil(N/20).
  const log = (await requestLog(request)).filter((r) => r.graph);
  // (The provisioning logs read after the first card, for "Recent failures" and the chart, are
  // not the scan's: outcomes.spec.mjs checks them.)
  const outer = log.filter((r) => !r.batch && !r.path.endsWith('/auditLogs/provisioning'));
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

test('every status code of the reference is shown as text', async ({ page, request }) => {
  const m = await manifest(request);
  // The demo tenant has every status code, each on a job alone in its app.
  const byCode = Object.keys(STATUS_LABELS).map((code) =>
    aJob(m, `a job with status ${code}`, (j) => j.statusCode === code));
  // A job in the middle of a cycle, with its progress; an active job whose last run failed.
  const inCycle = aJob(m, 'an Active job in the middle of a cycle', (j) => j.statusCode === 'Active' && j.cycleInProgress);
  const progress = (await graphJob(request, inCycle)).status.progress.at(-1);
  expect(progress, `${inCycle.appName}'s cycle progress`).toBeTruthy();
  let failed;
  for (const job of m.jobs.filter((j) => j.alone && j.statusCode === 'Active' && !j.cycleInProgress)) {
    if ((await graphJob(request, job)).status.lastExecution?.state === 'Failed') {
      failed = job;
      break;
    }
  }
  expect(failed, 'an Active job, alone in its app, whose last run failed').toBeTruthy();

  await page.goto('/');
  await expect(page.getByRole('article')).toHaveCount(jobCount(m));
  for (const job of byCode) {
    await expect(card(page, job.appName)).toContainText(STATUS_LABELS[job.statusCode]);
  }
  await expect(card(page, notConfiguredJob(m).appName)).toContainText('not scheduled');
  await expect(card(page, inCycle.appName)).toContainText(`of ${progress.totalUnits} ${progress.units}`);
  await expect(card(page, inCycle.appName)).toContainText('In progress, began');
  await expect(card(page, failed.appName)).toContainText('Failed');
});

test('a quarantined job shows Quarantine and its reason', async ({ page, request }) => {
  const m = await manifest(request);
  const quarantined = jobsWithStatus(m, 'Quarantine');
  expect(quarantined.length, 'the demo tenant has quarantined jobs').toBeGreaterThan(0);
  // The one whose connection failed: its card explains the reason and shows Graph's details.
  const failing = quarantinedWith(m, 'EncounteredQuarantineException');
  const details = (await graphJob(request, failing)).status.quarantine;
  await page.goto('/');
  const failingCard = card(page, failing.appName);
  await expect(failingCard.locator('.sd-badge__text')).toHaveText('Quarantine');
  await expect(failingCard).toContainText('EncounteredQuarantineException');
  await expect(failingCard).toContainText('could not connect to or authenticate');
  await expect(failingCard).toContainText(details.error.code);
  await expect(failingCard).toContainText(/\d+ days left before the job is disabled/);
  await expect(failingCard).toContainText(new RegExp(`re-evaluated ${details.seriesCount} times?\\b`));

  // Every quarantined job: the badge and its reason's Graph name.
  for (const job of quarantined) {
    expect(job.alone, `${job.appName} has one job`).toBe(true);
    await expect(card(page, job.appName).locator('.sd-badge__text')).toHaveText('Quarantine');
    await expect(card(page, job.appName)).toContainText(job.quarantineReason);
  }
});

test('the emulator banner says token mode', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('note').filter({ hasText: 'Local emulator' })).toBeVisible();
});
