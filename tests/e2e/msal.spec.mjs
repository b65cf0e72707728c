// Sign-in with MSAL replaced at the shim by a fake, only for what a real OpenID Connect server
// cannot play (each test says why); the real @azure/msal-browser against a real server is
// tests/e2e/signin.spec.mjs. The app runs under the emulator's Content-Security-Policy.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import {
  clearRequestLog, isRefresh, jobCount, manifest, pausedJob, requestLog, resetEmulator, runningJob, waitForLogged, watchConsole,
} from './support.mjs';

const FAKE = readFileSync(new URL('./msal-fake.js', import.meta.url), 'utf8');

test.afterEach(async ({ request }) => {
  await resetEmulator(request);
});

/** A config.json in msal mode whose Graph is the emulator (the page's own origin). */
async function serveMsalConfig(page, auth) {
  await page.route('**/config.json', async (route) => {
    const origin = new URL(route.request().url()).origin;
    await route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({
        cloud: 'global',
        graphBaseUrl: origin,
        apiVersion: 'v1.0',
        auth: { mode: 'msal', clientId: '00000000-0000-0000-0000-000000000000', ...auth },
      }),
    });
  });
}

/** msal mode against the emulator, with the fake playing `scenario`. */
async function msalPage(page, scenario, interaction = 'popup') {
  await page.addInitScript(`globalThis.__fakeMsalScenario = ${JSON.stringify(scenario)};\n${FAKE}`);
  await serveMsalConfig(page, { authority: 'https://login.microsoftonline.com/organizations', interaction });
}

const calls = (page) => page.evaluate(() => globalThis.__fakeMsalCalls);

// Fake: it checks MSAL's call order (constructor, initialize, handleRedirectPromise before anything else) and the configuration object, which only a recording stand-in can observe; the real sign-in with read scopes is in signin.spec.mjs.
test('a signed-in account gets silent tokens with read scopes only', async ({ page, request }) => {
  const problems = watchConsole(page);
  const m = await manifest(request);
  await msalPage(page, 'signed-in');
  await clearRequestLog(request);
  await page.goto('/');
  await expect(page.getByRole('article')).toHaveCount(jobCount(m));
  await expect(page.locator('.sd-account__who')).toContainText('admin1@contoso.example');
  await expect(page.locator('.sd-account__who')).toContainText('11111111-1111-1111-1111-111111111111');
  await expect(page.locator('.sd-header__where')).toContainText('global');
  await expect(page.locator('.sd-header__where')).toContainText('v1.0');
  await expect(page.getByRole('note').filter({ hasText: 'Local emulator' })).toHaveCount(0);
  const c = await calls(page);
  expect(c.slice(0, 3).map((x) => x.name)).toEqual(['constructor', 'initialize', 'handleRedirectPromise']);
  expect(c[0].arg.cache.cacheLocation).toBe('sessionStorage');
  expect(c[0].arg.auth.redirectUri).toMatch(/\/redirect\.html$/);
  const silent = c.filter((x) => x.name === 'acquireTokenSilent');
  expect(silent.length).toBeGreaterThan(0);
  for (const s of silent) {
    expect(s.arg.scopes.every((x) => x.endsWith('/Synchronization.Read.All') || x.endsWith('/Application.Read.All'))).toBeTruthy();
  }
  expect((await requestLog(request)).filter((r) => r.graph && r.status === 401)).toEqual([]);
  expect(problems).toEqual([]);
});

// Fake: MSAL's interaction_required at start-up, without a first sign-in to spoil; the real library's renewal paths are in signin.spec.mjs.
test('interaction required: "Sign in again" runs the interactive call from the click', async ({ page, request }) => {
  const m = await manifest(request);
  await msalPage(page, 'interaction-required');
  await page.goto('/');
  const prompt = page.getByRole('alert').filter({ has: page.getByRole('button', { name: 'Sign in again' }) });
  await expect(prompt).toContainText('interaction_required');
  expect((await calls(page)).some((x) => x.name === 'acquireTokenPopup')).toBeFalsy();
  await prompt.getByRole('button', { name: 'Sign in again' }).click();
  await expect(page.getByRole('article')).toHaveCount(jobCount(m));
  expect((await calls(page)).filter((x) => x.name === 'acquireTokenPopup')).toHaveLength(1);
});

// Fake: a popup blocker is browser policy, not something an OpenID Connect server can play (Playwright's Chromium opens every popup).
test('a blocked popup says what to do', async ({ page }) => {
  await msalPage(page, 'popup-blocked');
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('popup_window_error');
  await expect(alert).toContainText(/popup/i);
});

// Fake: the test server answers /authorize at once, so no admin can close the window in between.
test('a cancelled sign-in is reported, and nothing reaches Graph', async ({ page, request }) => {
  await msalPage(page, 'user-cancelled');
  await clearRequestLog(request);
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('user_cancelled');
  expect((await requestLog(request)).filter((r) => r.graph)).toEqual([]);
});

// Fake: Entra's consent_required needs its consent page, which the test server does not have; the silent real path is in signin.spec.mjs.
test('the first write asks for Synchronization.ReadWrite.All, from the click', async ({ page, request }) => {
  const m = await manifest(request);
  const paused = pausedJob(m);
  await msalPage(page, 'consent-for-write');
  await page.goto('/');
  await expect(page.getByRole('article')).toHaveCount(jobCount(m));
  await clearRequestLog(request);
  await page.getByRole('article', { name: paused.appName, exact: true }).getByRole('button', { name: 'Start', exact: true }).click();
  const prompt = page.getByRole('alert').filter({ has: page.getByRole('button', { name: 'Sign in again' }) });
  await expect(prompt).toContainText('Synchronization.ReadWrite.All');
  await expect(prompt).toContainText('consent_required');
  // Nothing was sent without the permission.
  expect((await requestLog(request)).filter((r) => r.graph && r.method === 'POST' && r.path.endsWith('/start'))).toEqual([]);
  await prompt.getByRole('button', { name: 'Sign in again' }).click();
  await expect(page.getByRole('article')).toHaveCount(jobCount(m));
  const popup = (await calls(page)).filter((x) => x.name === 'acquireTokenPopup');
  expect(popup).toHaveLength(1);
  expect(popup[0].arg.scopes.some((s) => s.endsWith('/Synchronization.ReadWrite.All'))).toBeTruthy();
});

test('the redirect bridge page carries no app code and no COOP', async ({ request }) => {
  const res = await request.get('/redirect.html');
  expect(res.status()).toBe(200);
  expect(res.headers()['cross-origin-opener-policy']).toBeUndefined();
  const html = await res.text();
  expect(html).toContain('msal-redirect-bridge.min.js');
  expect(html).not.toMatch(/syncdeck[-_].*\.(js|wasm)/);
  expect(html).not.toMatch(/<script>[^<]/);
  const bridge = await request.get('/msal-redirect-bridge.min.js');
  expect(bridge.status()).toBe(200);
  expect(await (await request.get('/redirect.js')).text()).toContain('broadcastResponseToMainFrame');
});

test('the real MSAL.js from our build starts under the CSP and shows the sign-in screen', async ({ page, request }) => {
  const problems = watchConsole(page);
  await serveMsalConfig(page, {});
  const outside = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('http://127.0.0.1')) outside.push(r.url());
  });
  await clearRequestLog(request);
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Sign in to syncdeck' })).toBeVisible();
  expect(await page.evaluate(() => typeof globalThis.msal?.PublicClientApplication)).toBe('function');
  // initialize() and handleRedirectPromise() needed no network; nothing reached Graph.
  expect(outside).toEqual([]);
  expect((await requestLog(request)).filter((r) => r.graph)).toEqual([]);
  expect(problems).toEqual([]);
});

// Fake: it needs a Graph 401 on exactly one write with MSAL's renewal counted; the real read path (one 401, one renewal, one replay) is in signin.spec.mjs.
test('a write refused with 401 is renewed but sent again only when the admin asks', async ({ page, request }) => {
  test.setTimeout(60_000);
  const m = await manifest(request);
  const paused = pausedJob(m);
  await msalPage(page, 'expired-write');
  await page.goto('/');
  await expect(page.getByRole('article')).toHaveCount(jobCount(m));
  await clearRequestLog(request);
  await page.getByRole('article', { name: paused.appName, exact: true }).getByRole('button', { name: 'Start', exact: true }).click();
  const alert = page.getByRole('alert').filter({ hasText: `Start failed for ${paused.appName}` });
  await expect(alert).toContainText('401');
  const starts = async () => (await requestLog(request)).filter((r) => r.graph && r.method === 'POST' && r.path.endsWith('/start'));
  // Not sent again by itself: still one Start once the next automatic refresh has run.
  const since = (await requestLog(request)).length;
  await waitForLogged(request, since, isRefresh);
  expect((await starts()).map((r) => r.status)).toEqual([401]);
  const renewals = (await calls(page)).filter((x) => x.name === 'acquireTokenSilent' && x.arg.forceRefresh);
  expect(renewals).toHaveLength(1);
  await alert.getByRole('button', { name: 'Send Start again' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Start requested for ${paused.appName}` })).toBeVisible();
  expect((await starts()).map((r) => r.status)).toEqual([401, 204]);
});

test('the built app works under the Content-Security-Policy of the deployment samples', async ({ page, request }) => {
  const problems = watchConsole(page);
  const m = await manifest(request);
  const headers = readFileSync(new URL('../../deploy/cdn/_headers', import.meta.url), 'utf8');
  const csp = headers.match(/Content-Security-Policy:\s*(.+)/)[1].trim();
  expect(csp).toContain("connect-src 'self' https://graph.microsoft.com https://login.microsoftonline.com");
  // Serve every response with the sample's policy instead of the emulator's.
  await page.route('**/*', async (route) => {
    const response = await route.fetch();
    const h = { ...response.headers() };
    for (const k of Object.keys(h)) if (k.toLowerCase() === 'content-security-policy') delete h[k];
    await route.fulfill({ response, headers: { ...h, 'content-security-policy': csp } });
  });
  await page.goto('/');
  await expect(page.getByRole('article')).toHaveCount(jobCount(m));
  await page.getByRole('article', { name: runningJob(m).appName, exact: true }).getByRole('link').click();
  await expect(page.getByRole('table', { name: 'Last run' })).toBeVisible();
  expect(problems).toEqual([]);
  // The fleet's diagnosis reads may still be in flight through the handler; a fetch that ends
  // after the test would be reported against the next test
  // (https://playwright.dev/docs/api/class-page#page-unroute-all).
  await page.unrouteAll({ behavior: 'ignoreErrors' });
});
