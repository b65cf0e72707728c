// The fleet's "Recent failures" and the outcome charts (issue 14, points 3, 4, 6 and 8):
// - the recent-failures query is ONE filtered `/auditLogs/provisioning` query of the last 24 hours'
//   failures, sent after the first card is on screen (the page's own clock: a MutationObserver
//   stamps the first card, the Resource Timing API stamps the query; and, in the emulator's request
//   log, after the scan's first job lists);
// - its groups and counts are the manifest's (`logs.failureCodes24h` per job), each a link to the
//   job's logs filtered to it;
// - every chart (`role=img`, "Provisioning outcomes…") has a table with the same figures as its
//   bars (`data-count` per day and band), and the manifest's `logs.days7` when it has them;
// - axe finds nothing serious on either page, light and dark.
import { test, expect } from '@playwright/test';
import { clearRequestLog, manifest, requestLog, resetEmulator, expectAccessible } from './support.mjs';

const DAY = 24 * 3600 * 1000;

// A clean emulator before each test too: other specs leave its reports budget (5 per 10 s) spent.
test.beforeEach(async ({ request }) => {
  await resetEmulator(request);
});

test.afterEach(async ({ request }) => {
  await resetEmulator(request);
});

const isLogs = (r) => r.graph && !r.batch && r.path.endsWith('/auditLogs/provisioning');
const filterOf = (r) => new URLSearchParams(r.query).get('$filter') ?? '';
const isRecentFailures = (r) => isLogs(r) && filterOf(r).includes("provisioningStatusInfo/status eq 'failure'");
const sinceOf = (r) => Date.parse(/activityDateTime ge (\S+)/.exec(filterOf(r))?.[1]);

const region = (page) => page.getByRole('region', { name: 'Recent failures', exact: true });
const fleetChart = (page) => page.getByRole('img', { name: /^Provisioning outcomes.*all jobs/ });

/** The group links once the region has loaded, the folded ones included. */
async function groupLinks(page) {
  await expect(region(page)).not.toContainText('Reading');
  const fold = region(page).locator('details');
  if ((await fold.count()) && !(await fold.evaluate((d) => d.open))) await fold.locator('summary').click();
  return region(page).getByRole('link');
}

/** The figures of a chart's table and of its bars, by day and band. */
async function chartFigures(img) {
  const figure = img.locator('xpath=ancestor::figure[1]');
  const bars = await figure.locator('rect[data-count]').evaluateAll((rs) =>
    rs.map((r) => [r.dataset.day, r.dataset.band, Number(r.dataset.count)]));
  const table = await figure.locator('table').evaluate((t) => {
    const bands = [...t.tHead.rows[0].cells].slice(1).map((c) => c.textContent.trim().toLowerCase());
    return [...t.tBodies[0].rows].map((row) => {
      const cells = [...row.cells].map((c) => c.textContent.trim());
      return { day: cells[0], ...Object.fromEntries(bands.map((b, i) => [b, Number(cells[i + 1])])) };
    });
  });
  return { bars, table };
}

/** Checks a chart's table against its bars; returns the table's rows. */
async function expectTableMatchesBars(img) {
  await expect(img.locator('xpath=ancestor::figure[1]')).not.toContainText('Counting');
  const { bars, table } = await chartFigures(img);
  expect(table).toHaveLength(7);
  const today = new Date().toISOString().slice(0, 10);
  expect(table[6].day, 'the last bar is today (UTC)').toBe(today);
  for (const row of table) {
    for (const band of ['success', 'warning', 'skipped', 'failure']) {
      const bar = bars.filter(([d, b]) => d === row.day && b === band).reduce((n, [, , c]) => n + c, 0);
      expect(bar, `${row.day} ${band}: bar and table`).toBe(row[band]);
    }
    expect(row.total).toBe(row.success + row.warning + row.skipped + row.failure);
  }
  return table;
}

/** Compares a chart's rows with the manifest's `days7` (success may include warnings). */
function expectDays7(rows, days7) {
  for (const d of days7) {
    const row = rows.find((r) => r.day === d.date);
    expect(row, `the chart has ${d.date}`).toBeTruthy();
    expect([row.failure, row.skipped], `${d.date}: failure, skipped`).toEqual([d.failure, d.skipped]);
    expect([row.success, row.success + row.warning], `${d.date}: success`).toContain(d.success);
  }
}


test('recent failures: one filtered query after the first card, then the 7-day query', async ({ page, request }) => {
  await page.addInitScript(() => {
    window.__firstCard = null;
    new MutationObserver(() => {
      if (window.__firstCard === null && document.querySelector('article.sd-card')) window.__firstCard = performance.now();
    }).observe(document, { childList: true, subtree: true });
  });
  await clearRequestLog(request);
  const before = Date.now();
  await page.goto('/');
  await expect(region(page)).not.toContainText('Reading');
  await expect(fleetChart(page)).toBeVisible();

  // The page's own clock: the first card was in the DOM before the query started.
  const [card, query] = await page.evaluate(() => [
    window.__firstCard,
    performance.getEntriesByType('resource').find((e) => e.name.includes('/auditLogs/provisioning'))?.startTime,
  ]);
  expect(card, 'a card appeared').not.toBeNull();
  expect(query, 'the logs were queried').toBeDefined();
  expect(card, 'the first card came before the first logs query').toBeLessThan(query);

  // The emulator's log: one recent-failures query (no next link: the demo has few), after the
  // scan's first job lists, asking for the last 24 hours; then the fleet's 7-day query.
  const log = await requestLog(request);
  const failures = log.filter(isRecentFailures);
  expect(failures, 'one recent-failures query').toHaveLength(1);
  const q = failures[0];
  expect(new URLSearchParams(q.query).get('$top')).toBe('1000');
  expect(Math.abs(sinceOf(q) - (before - DAY)), 'activityDateTime ge now − 24 h').toBeLessThan(60_000);
  const firstJobs = log.findIndex((r) => r.path.endsWith('/$batch') || r.path.includes('/synchronization/jobs'));
  expect(firstJobs, 'the scan asked for job lists').toBeGreaterThanOrEqual(0);
  expect(log.indexOf(q), 'the query came after the first job lists').toBeGreaterThan(firstJobs);
  const week = log.filter((r) => isLogs(r) && !isRecentFailures(r));
  expect(week.map(filterOf), 'then one 7-day query of every event').toHaveLength(1);
  expect(Math.abs(sinceOf(week[0]) - (before - 7 * DAY))).toBeLessThan(60_000);
  expect(log.indexOf(week[0])).toBeGreaterThan(log.indexOf(q));
});

test('recent failures: the groups and counts of the manifest', async ({ page, request }) => {
  await page.goto('/');
  // Groups: the manifest's failure codes of the last 24 hours, per job.
  const m = await manifest(request);
  test.skip(!m.jobs.some((j) => j.logs?.failureCodes24h), 'the emulator manifest has no logs.failureCodes24h yet');
  const expected = m.jobs.flatMap((j) =>
    Object.entries(j.logs.failureCodes24h ?? {}).map(([code, n]) => `${j.appName}: ${n} failure${n === 1 ? '' : 's'}, ${code}`));
  const links = await groupLinks(page);
  if (expected.length === 0) {
    await expect(region(page)).toContainText('No provisioning failures in the last 24 hours.');
  } else {
    expect((await links.allTextContents()).sort()).toEqual(expected.sort());
  }
});

test('a group opens its job logs filtered to it; the job page has its own chart', async ({ page, request }) => {
  await page.goto('/');
  const links = await groupLinks(page);
  await expect(links.first()).toBeVisible();
  const name = await links.first().textContent();
  const [, app, code] = /^(.*): \d+ failures?, (.*)$/.exec(name);
  const m = await manifest(request);
  const job = m.jobs.find((j) => j.appName === app);
  await clearRequestLog(request);
  // The link is followed by the app's router, not by a new page load (the links are markup set
  // at once, src/components/outcomes.rs): this window's marker survives the click.
  await page.evaluate(() => { window.__samePage = true; });
  await links.first().click();
  const path = `/servicePrincipals/${job.servicePrincipalId}/jobs/${encodeURIComponent(job.id)}`;
  const want = { status: 'failure', period: '24h', ...(code === '(no code)' ? {} : { errorCode: code }) };
  await expect(page).toHaveURL((u) => u.pathname === path);
  expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual(want);
  expect(await page.evaluate(() => window.__samePage), 'no full page load').toBe(true);
  const chart = page.getByRole('img', { name: /^Provisioning outcomes.*this job/ });
  await expect(chart).toBeVisible();
  const rows = await expectTableMatchesBars(chart);
  const mine = (await requestLog(request)).filter((r) => isLogs(r) && new URLSearchParams(r.query).get('$top') === '1000'
    && /^jobId eq '[^']+' and activityDateTime ge \S+$/.test(filterOf(r)) && filterOf(r).includes(`'${job.id}'`));
  expect(mine, "the job chart's one query").toHaveLength(1);
  if (job.logs?.days7) expectDays7(rows, job.logs.days7);
});

test('the fleet chart has the figures of its bars (and of the manifest)', async ({ page, request }) => {
  await page.goto('/');
  const rows = await expectTableMatchesBars(fleetChart(page));
  const m = await manifest(request);
  if (m.jobs.some((j) => j.logs?.days7)) {
    const sum = {};
    for (const d of m.jobs.flatMap((j) => j.logs?.days7 ?? [])) {
      const s = (sum[d.date] ??= { date: d.date, success: 0, failure: 0, skipped: 0 });
      s.success += d.success; s.failure += d.failure; s.skipped += d.skipped;
    }
    expectDays7(rows, Object.values(sum));
  }
  expect(rows.reduce((n, r) => n + r.total, 0), 'the demo has events this week').toBeGreaterThan(0);
});

test('a tenant without the licence is told so', async ({ page, request }) => {
  const fault = await request.post('/_emulator/faults', { data: { logsLicenseMissing: true } });
  test.skip(!fault.ok(), 'the emulator has no logsLicenseMissing fault yet');
  await page.goto('/');
  await expect(region(page)).toContainText('no Microsoft Entra ID P1 or P2 licence');
});

for (const scheme of ['light', 'dark']) {
  test(`axe: the fleet with its region and chart, the job page with its chart (${scheme})`, async ({ page, request }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/');
    await expect(fleetChart(page)).toBeVisible();
    await groupLinks(page);
    await page.getByText('Show the figures').click();
    await expectAccessible(page, `fleet (${scheme})`);
    const job = (await manifest(request)).jobs[0];
    await page.goto(`/servicePrincipals/${job.servicePrincipalId}/jobs/${encodeURIComponent(job.id)}`);
    await expect(page.getByRole('img', { name: /^Provisioning outcomes/ })).toBeVisible();
    await page.getByText('Show the figures').click();
    await expectAccessible(page, `job page (${scheme})`);
  });
}
