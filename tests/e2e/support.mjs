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
