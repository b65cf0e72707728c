// The job page's "Provisioning logs" (issue 14, points 1, 2, 6 and 8): nothing is read until the
// section opens; the filters become the exact `$filter`; "Load more" follows the nextLink once per
// click; an event opens in a dialog with its steps; a link from "Recent failures" opens the section
// filtered; a tenant without P1/P2, a missing role and an empty answer each get their sentence.
// Every fact (jobs, events, names, codes) is read from the emulator (`manifest()`, or its Graph API
// before the request log is cleared), never copied.
import { test, expect } from '@playwright/test';
import { clearRequestLog, graph, manifest, requestLog, resetEmulator, waitForLogged, expectAccessible } from './support.mjs';

const DAY = 24 * 3600 * 1000;

// A clean emulator before each test too: other specs leave its reports budget (5 per 10 s) spent.
test.beforeEach(async ({ request }) => {
  await resetEmulator(request);
});

test.afterEach(async ({ request }) => {
  await resetEmulator(request);
});


// The section's reads ask 50 events a page; the job page's outcome chart reads its own 7 days with
// $top=1000 (tests/e2e/outcomes.spec.mjs), which is not the section's doing.
const isLogs = (r) => r.graph && !r.batch && r.method === 'GET' && r.path.endsWith('/auditLogs/provisioning')
  && new URLSearchParams(r.query).get('$top') === '50';
const isNext = (r) => isLogs(r) && /(^|&)\$(skiptoken|skip)=/.test(r.query);
const params = (r) => new URLSearchParams(r.query);
const jobPath = (job) => `/servicePrincipals/${job.servicePrincipalId}/jobs/${encodeURIComponent(job.id)}`;
const ms = (t) => new Date(t).getTime();

/**
 * The first page's `$filter` must be exactly `expected(since)`, where `since` is the time the app
 * put in it, within a minute of `now - period`.
 */
function expectFilter(entry, periodMs, expected) {
  const filter = params(entry).get('$filter');
  const since = /activityDateTime ge (\S+)/.exec(filter)?.[1];
  expect(since, `a time in ${filter}`).toBeTruthy();
  expect(Math.abs(ms(since) - (Date.now() - periodMs)), `${since} is now minus the period`).toBeLessThan(60_000);
  expect(filter).toBe(expected(since));
  expect(params(entry).get('$orderby')).toBe('activityDateTime desc');
  expect(params(entry).get('$top')).toBe('50');
}

/** Every event of `job` in the last 7 days, newest first, read from the emulator's Graph API. */
async function eventsOf(request, job) {
  const since = new Date(Date.now() - 7 * DAY).toISOString();
  const q = new URLSearchParams({ $filter: `jobId eq '${job.id}' and activityDateTime ge ${since}`, $top: '1000' });
  // The test's own read shares the token's reports budget (5 per 10 s) with the app's: after a
  // 429 it waits the Retry-After the emulator gave, as any client must.
  let res = await graph(request, 'GET', `/auditLogs/provisioning?${q}`);
  for (let i = 0; i < 5 && res.status() === 429; i++) {
    await new Promise((r) => setTimeout(r, 1000 * Number(res.headers()['retry-after'] ?? 2)));
    res = await graph(request, 'GET', `/auditLogs/provisioning?${q}`);
  }
  expect(res.ok(), `GET /auditLogs/provisioning: ${res.status()}`).toBeTruthy();
  return (await res.json()).value;
}

/** The job with the most log entries in the last 7 days (alone in its app), per the manifest. */
function busiestJob(m) {
  const week = (j) => j.logs.days7.reduce((n, d) => n + d.success + d.failure + d.skipped, 0);
  const jobs = m.jobs.filter((j) => j.alone && j.logs).sort((a, b) => week(b) - week(a));
  expect(jobs.length, 'the manifest has log facts per job').toBeGreaterThan(0);
  return jobs[0];
}

const section = (page) => page.getByRole('region', { name: 'Provisioning logs', exact: true });
const shown = (n) => `${n} event${n === 1 ? '' : 's'} shown`;

test('opened on demand: filters become $filter, Load more pages once per click, an event in a dialog', async ({ page, request }) => {
  const job = busiestJob(await manifest(request));
  const events = await eventsOf(request, job);
  expect(events.length, `${job.id} has more than one page of events in 7 days`).toBeGreaterThan(50);
  await clearRequestLog(request);

  // Opening the page reads the app and the job, never the logs.
  await page.goto(jobPath(job));
  const logs = section(page);
  await expect(logs.getByRole('button', { name: 'Show provisioning logs' })).toBeVisible();
  const jobRead = (r) => r.graph && r.method === 'GET' && r.path.endsWith(`/jobs/${encodeURIComponent(job.id)}`);
  await waitForLogged(request, 0, jobRead);
  expect((await requestLog(request)).filter(isLogs), 'no request of the section before it opens').toEqual([]);

  // Opening it sends one first page: this job over 7 days.
  await logs.getByRole('button', { name: 'Show provisioning logs' }).click();
  await expect(logs.getByText(shown(50))).toBeVisible();
  let log = (await requestLog(request)).filter(isLogs);
  expect(log).toHaveLength(1);
  expectFilter(log[0], 7 * DAY, (since) => `jobId eq '${job.id}' and activityDateTime ge ${since}`);
  const rows = logs.getByRole('table').locator('tbody tr');
  await expect(rows).toHaveCount(50);
  const first = events[0];
  const firstName = first.sourceIdentity?.displayName || first.targetIdentity?.displayName;
  await expect(rows.first()).toContainText(firstName);
  await expect(rows.first()).toContainText(new RegExp(first.provisioningAction, 'i'));
  await expect(rows.first()).toContainText(new RegExp(first.provisioningStatusInfo.status, 'i'));

  // "Load more" follows the nextLink exactly once per click.
  const more = logs.getByRole('button', { name: 'Load more' });
  await more.click();
  await expect(logs.getByText(shown(Math.min(100, events.length)))).toBeVisible();
  expect((await requestLog(request)).filter(isNext)).toHaveLength(1);
  await expect(rows).toHaveCount(Math.min(100, events.length));
  await expect(more).toHaveCount(events.length > 100 ? 1 : 0);
  if (events.length > 150) {
    await more.click();
    await expect(logs.getByText(shown(150))).toBeVisible();
    expect((await requestLog(request)).filter(isNext)).toHaveLength(2);
  }
  await expectAccessible(page, 'the logs section', '.sd-logs');

  // The newest event in a dialog: its steps in order, as list items.
  const details = rows.first().getByRole('button', { name: `Details: ${firstName}` });
  await details.click();
  const dialog = page.getByRole('dialog', { name: /^Provisioning event/ });
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAccessibleName(
    `Provisioning event: ${firstName}, ${first.provisioningAction}, ${first.provisioningStatusInfo.status}`,
  );
  const steps = dialog.getByRole('list').first().getByRole('listitem');
  await expect(steps).toHaveCount(first.provisioningSteps.length);
  for (const [i, step] of first.provisioningSteps.entries()) {
    await expect(steps.nth(i)).toContainText(step.name);
  }
  await expectAccessible(page, 'the event dialog', 'dialog[open]');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(details).toBeFocused();

  // Filters: two statuses, one action, an identity (case-exact), applied as one request.
  const picked = events.find((e) => ['failure', 'skipped'].includes(e.provisioningStatusInfo.status) && e.sourceIdentity?.displayName)
    ?? events.find((e) => e.sourceIdentity?.displayName);
  const who = picked.sourceIdentity.displayName;
  const before = (await requestLog(request)).length;
  await logs.getByRole('group', { name: 'Status' }).getByRole('checkbox', { name: 'Failure' }).check();
  await logs.getByRole('group', { name: 'Status' }).getByRole('checkbox', { name: 'Skipped' }).check();
  await logs.getByRole('group', { name: 'Action' }).getByRole('checkbox', { name: 'Update' }).check();
  await logs.getByRole('textbox', { name: 'Identity' }).fill(who);
  await logs.getByRole('button', { name: 'Apply filters' }).click();
  await waitForLogged(request, before, isLogs);
  log = (await requestLog(request)).slice(before).filter(isLogs);
  expect(log).toHaveLength(1);
  const v = `'${who.replaceAll("'", "''")}'`;
  expectFilter(log[0], 7 * DAY, (since) =>
    `jobId eq '${job.id}' and activityDateTime ge ${since}` +
    " and (provisioningStatusInfo/status eq 'failure' or provisioningStatusInfo/status eq 'skipped')" +
    " and provisioningAction eq 'update'" +
    ` and (contains(sourceIdentity/displayName,${v}) or contains(targetIdentity/displayName,${v}) or sourceIdentity/id eq ${v} or targetIdentity/id eq ${v})`);
  await expect(page).toHaveURL(/[?&]status=failure,skipped(&|$)/);
  await expect(page).toHaveURL(/[?&]action=update(&|$)/);
  const matching = events.filter((e) =>
    ['failure', 'skipped'].includes(e.provisioningStatusInfo.status) && e.provisioningAction === 'update' &&
    [e.sourceIdentity?.displayName, e.targetIdentity?.displayName].some((n) => n?.includes(who)));
  if (matching.length === 0) {
    await expect(logs).toContainText('No provisioning events for this job in the last 7 days with these filters.');
  } else {
    await expect(logs.getByText(shown(Math.min(50, matching.length)))).toBeVisible();
  }
});

test('a link from Recent failures opens the logs filtered to an error code', async ({ page, request }) => {
  const m = await manifest(request);
  const job = m.jobs.find((j) => j.alone && Object.keys(j.logs?.failureCodes24h ?? {}).length > 0);
  expect(job, 'a job with failures in the last 24 hours').toBeTruthy();
  const [code, count] = Object.entries(job.logs.failureCodes24h)[0];
  await clearRequestLog(request);

  await page.goto(`${jobPath(job)}?status=failure&period=24h&errorCode=${encodeURIComponent(code)}`);
  const logs = section(page);
  await expect(logs.getByText(shown(Math.min(50, count)))).toBeVisible();
  await expect(logs.getByRole('heading', { name: 'Provisioning logs' })).toBeInViewport();
  await expect(logs.getByRole('checkbox', { name: 'Failure' })).toBeChecked();
  await expect(logs.getByRole('checkbox', { name: 'Success' })).not.toBeChecked();
  await expect(logs.getByRole('combobox', { name: 'Period' })).toHaveValue('24h');
  let log = (await requestLog(request)).filter(isLogs);
  expect(log).toHaveLength(1);
  expectFilter(log[0], DAY, (since) =>
    `jobId eq '${job.id}' and activityDateTime ge ${since} and provisioningStatusInfo/status eq 'failure'` +
    ` and provisioningStatusInfo/errorInformation/errorCode eq '${code}'`);
  const rows = logs.getByRole('table').locator('tbody tr');
  await expect(rows.first()).toContainText(code);

  // The code's chip removes that filter only: one more request, and the URL follows.
  await logs.getByRole('button', { name: `Error code: ${code} ×` }).click();
  await expect(page).not.toHaveURL(/errorCode=/);
  await expect(page).toHaveURL(/status=failure&period=24h$/);
  await expect.poll(async () => (await requestLog(request)).filter(isLogs).length).toBe(2);
  log = (await requestLog(request)).filter(isLogs);
  expect(params(log[1]).get('$filter')).not.toContain('errorCode');
  await expect(logs.getByText(shown(Math.min(50, job.logs.last24h.failure)))).toBeVisible();
});

test('no licence, no role, nothing found: a sentence each', async ({ page, request }) => {
  const job = busiestJob(await manifest(request));
  const open = async () => {
    await page.goto(jobPath(job));
    await section(page).getByRole('button', { name: 'Show provisioning logs' }).click();
  };

  expect((await request.post('/_emulator/faults', { data: { logsLicenseMissing: true } })).ok()).toBeTruthy();
  await open();
  await expect(section(page).getByRole('alert')).toContainText('This tenant has no Microsoft Entra ID P1 or P2 licence');
  await expect(section(page).getByRole('table')).toHaveCount(0);
  await resetEmulator(request);

  expect((await request.post('/_emulator/faults', { data: { logsRoleMissing: true } })).ok()).toBeTruthy();
  await open();
  const alert = section(page).getByRole('alert');
  await expect(alert).toContainText('Your account lacks a role that may read the provisioning logs');
  await expect(alert).toContainText('Reports Reader');
  await expect(alert).toContainText('request-id');
  await resetEmulator(request);

  // A name nobody has: the empty answer says so, with the period and the filters.
  await page.goto(`${jobPath(job)}?q=${encodeURIComponent('no such name 0x5f3759df')}`);
  await expect(section(page)).toContainText('No provisioning events for this job in the last 7 days with these filters.');
});

test('an admin who clicks around fast is paced, not failed: never a 429, the last filter wins', async ({ page, request }) => {
  test.setTimeout(60_000);
  const job = busiestJob(await manifest(request));
  await clearRequestLog(request);
  await page.goto(jobPath(job));
  const logs = section(page);
  await logs.getByRole('button', { name: 'Show provisioning logs' }).click();
  await expect(logs.getByRole('table').locator('tbody tr').first()).toBeVisible();
  // Seven applied filters in a row (the period back and forth, then 30 days): with the page's own
  // reads that is more than Graph's reports budget of 5 requests per 10 s.
  const period = logs.getByRole('combobox', { name: 'Period' });
  const apply = logs.getByRole('button', { name: 'Apply filters' });
  const sent = [];
  page.on('request', (r) => {
    if (r.url().includes('/auditLogs/provisioning')) sent.push(Date.now());
  });
  for (const p of ['24h', '7d', '24h', '7d', '24h', '7d', '30d']) {
    await period.selectOption(p);
    await apply.click();
  }
  await expect(page).toHaveURL(/[?&]period=30d(&|$)/);
  // The last filter's answer is what shows, and nothing failed on the way.
  await expect.poll(async () => (await requestLog(request)).filter((r) => isLogs(r) && /activityDateTime ge/.test(params(r).get('$filter') ?? '')
    && r.status !== null && new Date(params(r).get('$filter').match(/ge (\S+)/)[1]) < new Date(Date.now() - 20 * DAY)).length,
  { timeout: 40_000 }).toBeGreaterThan(0);
  await expect(logs.getByRole('table').locator('tbody tr').first()).toBeVisible();
  await expect(logs.getByRole('alert')).toHaveCount(0);
  const logsAnswers = (await requestLog(request)).filter((r) => r.graph && r.path.endsWith('/auditLogs/provisioning'));
  expect(logsAnswers.map((r) => r.status).filter((s) => s === 429), 'no request was throttled').toEqual([]);
  // And the browser never sent more than 5 in any 10 s (the app keeps 10.5 s; the events reach
  // the test a little late, so the check allows half a second of that).
  for (const [i, t] of sent.entries()) {
    expect(sent.slice(i).filter((u) => u < t + 10_000).length, 'requests in the 10 s from one').toBeLessThanOrEqual(5);
  }
});
