// config.json: refusals and field-level errors, with no Graph request sent.
import { test, expect } from '@playwright/test';
import { clearRequestLog, requestLog, serveConfig, watchConsole } from './support.mjs';

async function expectNoGraphRequest(request) {
  const graph = (await requestLog(request)).filter((r) => r.graph);
  expect(graph).toEqual([]);
}

test('token mode with a non-loopback graphBaseUrl is refused and nothing is sent', async ({ page, request }) => {
  const problems = watchConsole(page);
  await clearRequestLog(request);
  const graphCalls = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('http://127.0.0.1') && !r.url().startsWith('data:')) graphCalls.push(r.url());
  });
  await serveConfig(page, {
    cloud: 'global',
    graphBaseUrl: 'https://graph.microsoft.com',
    apiVersion: 'v1.0',
    auth: { mode: 'token', token: 'not-a-real-token' },
  });
  await page.goto('/');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Token mode refused');
  await expect(alert).toContainText('auth.mode');
  await expect(alert).toContainText('https://graph.microsoft.com');
  await expect(alert).toContainText('No request was sent');
  await expect(page.getByRole('article')).toHaveCount(0);
  // The known later event: a request the page sends after the refusal is on screen. A request of
  // the app (to Graph, or to anything else) would have been issued before it.
  const seen = [];
  page.on('request', (r) => seen.push(new URL(r.url()).pathname));
  await page.evaluate(() => fetch('/after-the-refusal').then((r) => r.text()));
  expect(seen).toEqual(['/after-the-refusal']);
  await expectNoGraphRequest(request);
  expect(graphCalls).toEqual([]);
  expect(problems).toEqual([]);
});

test('an invalid field is named', async ({ page, request }) => {
  await clearRequestLog(request);
  await serveConfig(page, { cloud: 'mars', auth: { mode: 'msal', clientId: '00000000-0000-0000-0000-000000000000' } });
  await page.goto('/');
  await expect(page.getByRole('alert')).toContainText('cloud');
  await expect(page.getByRole('alert')).toContainText('global, usgov, usgovdod, china');
  await expectNoGraphRequest(request);
});

test('a config.json that is not JSON says so', async ({ page, request }) => {
  await clearRequestLog(request);
  await serveConfig(page, '<html>oops</html>');
  await page.goto('/');
  await expect(page.getByRole('alert')).toContainText('not a valid JSON object');
  await expectNoGraphRequest(request);
});

test('a missing config.json says how to fix it', async ({ page, request }) => {
  await clearRequestLog(request);
  await page.route('**/config.json', (route) => route.fulfill({ status: 404, body: 'Not Found' }));
  await page.goto('/');
  await expect(page.getByRole('alert')).toContainText('HTTP 404');
  await expect(page.getByRole('alert')).toContainText('config.json');
  await expectNoGraphRequest(request);
});

test('a wrong token shows the Graph error instead of a blank page', async ({ page }) => {
  // Same-origin emulator, wrong token: the origin is only known from the request itself.
  await page.route('**/config.json', async (route) => {
    const origin = new URL(route.request().url()).origin;
    await route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({ graphBaseUrl: origin, auth: { mode: 'token', token: 'wrong-token' } }),
    });
  });
  await page.goto('/');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('InvalidAuthenticationToken');
  await expect(alert).toContainText('401');
  await expect(alert).toContainText(/request-id/i);
});
