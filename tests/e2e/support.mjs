// Shared helpers for the end-to-end tests: the emulator's request log, its manifest of the served
// tenant, and console watching.
import { expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/** Clears the emulator's request log. */
export async function clearRequestLog(request) {
  const res = await request.delete('/_emulator/requests');
  expect(res.status()).toBe(204);
}

/** Every request the emulator received since the last clear. */
export async function requestLog(request) {
  const res = await request.get('/_emulator/requests');
  expect(res.ok()).toBeTruthy();
  return res.json();
}

/**
 * Waits until the emulator has logged, after the first `since` entries, a request matching `pred`:
 * the known later event after which an absence (no retry, no request) is checked, instead of a
 * sleep.
 */
export async function waitForLogged(request, since, pred, timeout = 40_000) {
  await expect
    .poll(async () => (await requestLog(request)).slice(since).some(pred), { timeout, intervals: [500] })
    .toBeTruthy();
}

/** The app's automatic refresh: an outer `$batch` request. */
export const isRefresh = (r) => r.graph && !r.batch && r.path.endsWith('/$batch');

/** Collects console errors, page errors and CSP violations of a page. */
export function watchConsole(page) {
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e}`));
  return problems;
}

/** Replaces the served config.json for this page only. */
export async function serveConfig(page, config) {
  await page.route('**/config.json', (route) =>
    route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: typeof config === 'string' ? config : JSON.stringify(config),
    }),
  );
}

/** The demo token the emulator accepts (it hands the same one out in /config.json). */
export const TOKEN = 'syncdeck-demo-token';

/** Calls the emulator's Graph API directly, as an admin script would. */
export async function graph(request, method, path, data) {
  const res = await request.fetch(`/v1.0${path}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}` },
    data,
  });
  return res;
}

/**
 * The served tenant's facts (`GET /_emulator/manifest`, crates/emulator/src/manifest.rs): `counts`,
 * `apps` (each with its `jobs`), `forbiddenApp`; plus `jobs`, every job of every app in listing
 * order, each with its app's `appName`, `servicePrincipalId` and `appId`, and `alone` when it is
 * its app's only job (its card is then the only one named after the app). The tests read the
 * demo's names, ids and counts here instead of copying them; `request` is any context whose
 * baseURL is an emulator.
 */
export async function manifest(request) {
  const res = await request.get('/_emulator/manifest');
  expect(res.ok(), `GET /_emulator/manifest: ${res.status()}`).toBeTruthy();
  const m = await res.json();
  m.jobs = m.apps.flatMap((app) =>
    app.jobs.map((job) => ({
      ...job,
      appName: app.displayName,
      servicePrincipalId: app.servicePrincipalId,
      appId: app.appId,
      alone: app.jobs.length === 1,
    })),
  );
  return m;
}

/** How many jobs the tenant has (one status card each on the fleet page). */
export const jobCount = (m) => m.counts.jobs;

/** The apps that have at least one job, in listing order. */
export const appsWithJobs = (m) => m.apps.filter((app) => app.jobs.length > 0);

/** The app named `name` (exactly). */
export function appByName(m, name) {
  const app = m.apps.find((a) => a.displayName === name);
  expect(app, `the manifest has an app named "${name}"`).toBeTruthy();
  return app;
}

/** The only job of the app named `name`. */
export function jobOf(m, name) {
  expect(appByName(m, name).jobs, `"${name}" has exactly one job`).toHaveLength(1);
  return m.jobs.find((j) => j.appName === name);
}

/** The jobs whose `status.code` is `code` (`Active`, `Paused`, `Quarantine`, ...). */
export const jobsWithStatus = (m, code) => m.jobs.filter((j) => j.statusCode === code);

/** The first job, alone in its app, that `pred` picks; fails naming `what` if there is none. */
export function aJob(m, what, pred) {
  const job = m.jobs.find((j) => j.alone && pred(j));
  expect(job, `the manifest has ${what}, alone in its app`).toBeTruthy();
  return job;
}

/** The one job that `pred` picks, alone in its app; fails naming `what` if there is none or several. */
export function theJob(m, what, pred) {
  const found = m.jobs.filter(pred);
  expect(found.map((j) => `${j.appName}: ${j.id}`), `the manifest has exactly one ${what}`).toHaveLength(1);
  expect(found[0].alone, `${what} (${found[0].appName}) is alone in its app`).toBe(true);
  return found[0];
}

/** The paused job (status and schedule `Paused`): Start is what it allows. */
export const pausedJob = (m) =>
  theJob(m, 'paused job', (j) => j.statusCode === 'Paused' && j.scheduleState === 'Paused');

/** A running job (schedule and status `Active`) between two cycles: Start is refused, Pause allowed. */
export const runningJob = (m) =>
  aJob(m, 'a running Active job between cycles', (j) => j.running && j.statusCode === 'Active' && !j.cycleInProgress);

/** The job quarantined with `reason` (`EncounteredQuarantineException`, `TooManyDeletes`, ...). */
export const quarantinedWith = (m, reason) =>
  theJob(m, `job quarantined with ${reason}`, (j) => j.quarantined && j.quarantineReason === reason);

/** The job created but never configured (status `NotConfigured`). */
export const notConfiguredJob = (m) => theJob(m, 'job not configured', (j) => j.statusCode === 'NotConfigured');

/** A manifest job as Graph serves it now (for what the manifest does not say: errors, progress). */
export async function graphJob(request, job) {
  const res = await graph(request, 'GET', `/servicePrincipals/${job.servicePrincipalId}/synchronization/jobs/${encodeURIComponent(job.id)}`);
  expect(res.ok(), `GET job ${job.id}: ${res.status()}`).toBeTruthy();
  return res.json();
}

/** Restores the emulator's initial tenant, clock, faults and log. */
export async function resetEmulator(request) {
  expect((await request.post('/_emulator/reset')).ok()).toBeTruthy();
}

/** The axe-core rules every page and dialog must pass: WCAG 2.0, 2.1 and 2.2, A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/** Runs axe on the page (or on `include` only) and fails on serious or critical violations. */
export async function expectAccessible(page, what, include) {
  let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS);
  if (include) builder = builder.include(include);
  const { violations, passes } = await builder.analyze();
  // The rules ran on something: a page that failed to render would pass vacuously.
  expect(passes.length, `${what}: axe found nothing to check`).toBeGreaterThan(0);
  const bad = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join('\n    ')}`);
  expect(bad, `${what}: serious or critical WCAG violations`).toEqual([]);
}

/** Clicks `button` and reads the file it downloads: its suggested name and its text (UTF-8). */
export async function downloaded(page, button) {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const text = await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString('utf8'));
  return { name: download.suggestedFilename(), text };
}
