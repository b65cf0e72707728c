// Shared helpers for the end-to-end tests: the emulator's request log and console watching.
import { expect } from '@playwright/test';

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

/** The service principal of a demo app, by exact display name. */
export async function servicePrincipal(request, name) {
  const q = encodeURIComponent(`startswith(displayName,'${name.replace(/'/g, "''")}')`);
  const res = await graph(request, 'GET', `/servicePrincipals?$filter=${q}`);
  expect(res.ok()).toBeTruthy();
  const sp = (await res.json()).value.find((s) => s.displayName === name);
  expect(sp, name).toBeTruthy();
  return sp;
}

/** The first job of a demo app. */
export async function firstJob(request, spId) {
  const res = await graph(request, 'GET', `/servicePrincipals/${spId}/synchronization/jobs`);
  expect(res.ok()).toBeTruthy();
  return (await res.json()).value[0];
}

/** Restores the emulator's initial tenant, clock, faults and log. */
export async function resetEmulator(request) {
  expect((await request.post('/_emulator/reset')).ok()).toBeTruthy();
}
