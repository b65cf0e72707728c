// Sign-in with the REAL @azure/msal-browser (no fake) against a real OpenID Connect server
// (tests/e2e/oidc-server.mjs, npm oauth2-mock-server) and an emulator that enforces its tokens:
// the signature against the server's JWKS, the Graph audience, the expiry, and the scopes of each
// request (`syncdeck-emulator --oidc-issuer`). Every page runs under the Content-Security-Policy of
// the deployment samples (deploy/cdn/_headers), with the server's origin added to `connect-src`
// (the emulator serves it: `--content-security-policy`, see playwright.config.mjs).
//
// What each test saw is in two logs: the server's (`/_test/log`: /authorize and /token requests
// with their scopes) and the emulator's (`/_emulator/requests`: each Graph request with the `scp`,
// `user` and a fingerprint of the token it carried).
import { test, expect } from '@playwright/test';
import { signInPolicy } from './policy.mjs';
import { appendFileSync, writeFileSync } from 'node:fs';
import { requestLog as fullRequestLog, jobCount, manifest, pausedJob, resetEmulator, watchConsole } from './support.mjs';

const EVIDENCE = new URL('../../target/e2e-signin-evidence.jsonl', import.meta.url);
test.beforeAll(() => writeFileSync(EVIDENCE, ''));

const OIDC = `http://127.0.0.1:${process.env.E2E_OIDC_PORT ?? '18081'}`;
const APP = `http://127.0.0.1:${process.env.E2E_AUTH_PORT ?? '18082'}`;
const CLIENT_ID = '5e0a6c1d-7b2f-4c1e-9a8d-3f6b2c4d5e6f';
const READ = ['Synchronization.Read.All', 'Application.Read.All'];
const WRITE = 'Synchronization.ReadWrite.All';
const JWT = /eyJ[\w-]{5,}\.eyJ[\w-]{5,}\.[\w-]+/;

// The app, its config.json and Graph: the enforcing emulator.
test.use({ baseURL: `${APP}/` });

// Each test starts with empty logs; "clearing" one mid-test only moves its mark, so that the
// evidence written after each test (target/e2e-signin-evidence.jsonl) is whole.
const marks = { server: 0, emulator: 0 };

async function fullServerLog(request) {
  const res = await request.get(`${OIDC}/_test/log`);
  expect(res.ok()).toBeTruthy();
  return res.json();
}

/** The server's log since the mark: what MSAL asked it. */
async function serverLog(request) {
  return (await fullServerLog(request)).slice(marks.server);
}

async function clearServerLog(request) {
  marks.server = (await fullServerLog(request)).length;
}

/** The emulator's log since the mark: every request with the token's `scp`, `user`, `tokenId`. */
async function requestLog(request) {
  return (await fullRequestLog(request)).slice(marks.emulator);
}

async function clearRequestLog(request) {
  marks.emulator = (await fullRequestLog(request)).length;
}

async function serverSettings(request, settings) {
  const res = await request.post(`${OIDC}/_test/settings`, { data: settings });
  expect(res.ok(), await res.text()).toBeTruthy();
}

test.beforeEach(async ({ request }) => {
  expect((await request.post(`${OIDC}/_test/reset`)).ok()).toBeTruthy();
  await resetEmulator(request);
  marks.server = 0;
  marks.emulator = 0;
});

/** What the server and the emulator saw during the test, in a few lines (for the closing note). */
test.afterEach(async ({ request }, testInfo) => {
  const server = (await fullServerLog(request)).map((e) =>
    e.endpoint === 'authorize'
      ? `authorize user=${e.user} prompt=${e.prompt ?? '-'} scopes=${permissions(e.scope).join(',')}`
      : `token ${e.grant} user=${e.user} status=${e.status} scopes=${permissions(e.scope).join(',')}`,
  );
  const counts = new Map();
  for (const r of graphOnly(await fullRequestLog(request))) {
    const key = `${r.status} ${r.method} ${r.batch ? '($batch) ' : ''}${r.path.replace(/\/servicePrincipals\/[^/]+/, '/servicePrincipals/{id}').replace(/\/jobs\/[^/]+/, '/jobs/{id}')} scp=${r.scp ?? '-'} user=${r.user ?? '-'}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const emulator = [...counts].map(([k, n]) => `${n} × ${k}`);
  const line = JSON.stringify({ test: testInfo.title, status: testInfo.status, server, emulator });
  appendFileSync(EVIDENCE, `${line}\n`);
});

/**
 * Serves a config.json in msal mode for the OpenID Connect server: its discovery document as `authorityMetadata` so that
 * MSAL fetches none, `knownAuthorities` so that it asks Microsoft nothing, `protocolMode` OIDC.
 * Returns the requests that left 127.0.0.1 (there must be none).
 */
async function signInSetup(page, request, { interaction = 'redirect', cacheLocation = 'sessionStorage' } = {}) {
  const discovery = await (await request.get(`${OIDC}/.well-known/openid-configuration`)).json();
  const host = new URL(OIDC).host;
  const config = {
    cloud: 'global',
    graphBaseUrl: APP,
    apiVersion: 'v1.0',
    auth: {
      mode: 'msal',
      clientId: CLIENT_ID,
      // Never contacted: MSAL refuses an http authority, and the metadata gives the endpoints.
      authority: `https://${host}`,
      knownAuthorities: [host],
      authorityMetadata: discovery,
      protocolMode: 'OIDC',
      cacheLocation,
      interaction,
    },
  };
  // The app's pages come with the deployment sample's policy (tests/e2e/playwright.config.mjs).
  const page0 = await request.get('/');
  expect(page0.headers()['content-security-policy']).toBe(signInPolicy(OIDC));
  expect(page0.headers()['content-security-policy']).toContain(`connect-src 'self' ${OIDC} https://graph.microsoft.com`);
  await page.context().route(`${APP}/config.json`, (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(config) }),
  );
  const outside = [];
  if (process.env.SIGNIN_DEBUG) page.on('console', (m) => console.log('console', m.text().slice(0, 300)));
  page.context().on('request', (r) => {
    if (!r.url().startsWith('http://127.0.0.1:') && !r.url().startsWith('data:')) outside.push(r.url());
  });
  return outside;
}

/** The number of status cards of a whole fleet: the enforcing emulator serves the demo tenant too. */
const fleetSize = async (request) => jobCount(await manifest(request));

/** Redirect sign-in from the sign-in screen, until the fleet is shown (every job's card). */
async function signIn(page, request) {
  const n = await fleetSize(request);
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Sign in to syncdeck' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('article')).toHaveCount(n);
}

const graphOnly = (log) => log.filter((r) => r.graph);
const scpSet = (scp) => new Set(String(scp ?? '').split(' ').filter(Boolean));
const permissions = (scope) =>
  String(scope).split(' ').filter((s) => s.startsWith('https://')).map((s) => s.replace(/^https:\/\/[^/]+\//, ''));

test('redirect sign-in from the Sign in button: the fleet loads with the server\'s tokens, read scopes first', async ({ page, request }) => {
  const problems = watchConsole(page);
  const outside = await signInSetup(page, request);
  await clearRequestLog(request);
  await signIn(page, request);
  await expect(page.locator('.sd-account__who')).toContainText('admin1@contoso.example');
  await expect(page.locator('.sd-account__who')).toContainText('11111111-1111-1111-1111-111111111111');

  const seen = await serverLog(request);
  const authorize = seen.filter((e) => e.endpoint === 'authorize');
  const tokens = seen.filter((e) => e.endpoint === 'token');
  expect(authorize).toHaveLength(1);
  expect(permissions(authorize[0].scope).sort()).toEqual([...READ].sort());
  expect(tokens[0].grant).toBe('authorization_code');
  // Least privilege: no token request asked for the write permission.
  for (const t of tokens) {
    expect(t.status).toBe(200);
    expect(permissions(t.scope).sort()).toEqual([...READ].sort());
    // Scopes are qualified with the cloud's Graph, not with graphBaseUrl (the emulator).
    expect(t.scope).toContain('https://graph.microsoft.com/Synchronization.Read.All');
  }

  const graph = graphOnly(await requestLog(request));
  expect(graph.length).toBeGreaterThan(0);
  for (const r of graph) {
    // The emulator verified each token against the server's keys before answering.
    expect(r.status, `${r.method} ${r.path}`).toBe(200);
    expect(scpSet(r.scp)).toEqual(new Set(READ));
    expect(r.user).toBe('admin1@contoso.example');
  }
  expect(page.url()).toBe(`${APP}/`);
  expect(outside).toEqual([]);
  expect(problems).toEqual([]);
});

test('popup sign-in (auth.interaction "popup")', async ({ page, request }) => {
  const problems = watchConsole(page);
  const outside = await signInSetup(page, request, { interaction: 'popup' });
  await page.goto('/');
  const popup = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await (await popup).waitForEvent('close');
  await expect(page.getByRole('article')).toHaveCount(await fleetSize(request));
  const seen = await serverLog(request);
  expect(seen.filter((e) => e.endpoint === 'authorize')).toHaveLength(1);
  expect(seen.filter((e) => e.endpoint === 'token')[0].grant).toBe('authorization_code');
  const graph = graphOnly(await requestLog(request));
  expect(graph.length).toBeGreaterThan(0);
  expect(graph.every((r) => r.status === 200 && r.user === 'admin1@contoso.example')).toBeTruthy();
  expect(page.url()).toBe(`${APP}/`);
  expect(outside).toEqual([]);
  expect(problems).toEqual([]);
});

test('the first write gets Synchronization.ReadWrite.All silently, and Start is sent once', async ({ page, request }) => {
  await signInSetup(page, request);
  await signIn(page, request);
  await clearServerLog(request);
  await clearRequestLog(request);
  const paused = pausedJob(await manifest(request));
  await page.getByRole('article', { name: paused.appName, exact: true }).getByRole('button', { name: 'Start', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: `Start requested for ${paused.appName}` })).toBeVisible();

  const seen = await serverLog(request);
  // No prompt: no /authorize, no popup; one refresh-token grant for the wider scope.
  expect(seen.filter((e) => e.endpoint === 'authorize')).toEqual([]);
  expect(page.context().pages()).toHaveLength(1);
  const writes = seen.filter((e) => e.endpoint === 'token' && permissions(e.scope).includes(WRITE));
  expect(writes).toHaveLength(1);
  expect(writes[0].grant).toBe('refresh_token');

  const starts = graphOnly(await requestLog(request)).filter((r) => r.method === 'POST' && r.path.endsWith('/start'));
  expect(starts).toHaveLength(1);
  expect(starts[0].status).toBe(204);
  expect(scpSet(starts[0].scp).has(WRITE)).toBeTruthy();
});

test('the logs\' permissions are asked only when the logs are opened, never at sign-in or on the fleet', async ({ page, request }) => {
  const LOGS = ['AuditLog.Read.All', 'Directory.Read.All'];
  await signInSetup(page, request);
  await signIn(page, request);
  // The fleet's "Recent failures" waits for the admin: nothing may ask for the logs' scopes yet.
  const fleet = page.getByRole('region', { name: 'Recent failures' });
  await expect(fleet).toBeVisible();
  const job = (await manifest(request)).jobs.find((j) => (j.logs?.total ?? 0) > 0);
  expect(job, 'a job with log events').toBeTruthy();
  await page.goto(`/servicePrincipals/${encodeURIComponent(job.servicePrincipalId)}/jobs/${encodeURIComponent(job.id)}`);
  const logs = page.getByRole('region', { name: 'Provisioning logs' });
  await expect(logs).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(job.id);
  const asksLogs = (e) => LOGS.some((p) => permissions(e.scope).includes(p));
  expect((await serverLog(request)).filter(asksLogs), 'no token with the logs\' scopes before the logs open').toEqual([]);
  expect(graphOnly(await requestLog(request)).filter((r) => r.path.endsWith('/auditLogs/provisioning'))).toEqual([]);

  await logs.getByRole('button', { name: /provisioning logs/i }).first().click();
  await expect(logs.getByRole('table').getByRole('row').nth(1)).toBeVisible();
  const asked = (await serverLog(request)).filter(asksLogs);
  // One silent grant (refresh token, no prompt) for both permissions together.
  expect(asked).toHaveLength(1);
  expect(asked[0].endpoint).toBe('token');
  expect(asked[0].grant).toBe('refresh_token');
  expect(permissions(asked[0].scope)).toEqual(expect.arrayContaining([...READ, ...LOGS]));
  expect(page.context().pages()).toHaveLength(1);
  const reads = graphOnly(await requestLog(request)).filter((r) => r.path.endsWith('/auditLogs/provisioning'));
  expect(reads.length).toBeGreaterThan(0);
  for (const r of reads) {
    expect(r.status).toBe(200);
    for (const p of LOGS) expect(scpSet(r.scp).has(p), `${r.path} carries ${p}`).toBeTruthy();
  }
});

test('a token that expires before the next refresh is renewed silently; nothing fails, nothing is sent twice', async ({ page, request }) => {
  test.setTimeout(90_000);
  // Tokens live 8 s and the server says so: MSAL renews them with the refresh token before use.
  await serverSettings(request, { lifetime: 8 });
  await signInSetup(page, request);
  await signIn(page, request);
  await clearRequestLog(request);
  await clearServerLog(request);
  // Two automatic refreshes (every 15 s while a demo job runs), each after the token expired.
  const batches = async () => graphOnly(await requestLog(request)).filter((r) => !r.batch && r.path.endsWith('/$batch'));
  await expect.poll(async () => (await batches()).length, { timeout: 60_000, intervals: [1_000] }).toBeGreaterThanOrEqual(2);

  const graph = graphOnly(await requestLog(request));
  expect(graph.filter((r) => r.status !== 200)).toEqual([]);
  // Each refresh read each job once: no sub-request twice in one batch, no batch replayed.
  const groups = new Map();
  for (const r of graph.filter((x) => x.batch)) groups.set(r.batch.id, [...(groups.get(r.batch.id) ?? []), r.path]);
  for (const paths of groups.values()) expect(new Set(paths).size).toBe(paths.length);
  expect(groups.size).toBe((await batches()).length);
  const fingerprints = new Set(graph.map((r) => r.tokenId));
  expect(fingerprints.size).toBeGreaterThanOrEqual(2);
  const renewals = (await serverLog(request)).filter((e) => e.endpoint === 'token' && e.grant === 'refresh_token');
  expect(renewals.length).toBeGreaterThanOrEqual(2);
  expect((await serverLog(request)).filter((e) => e.endpoint === 'authorize')).toEqual([]);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a token Graph finds expired (the server said it lives longer) gets one 401, one silent renewal, one replay', async ({ page, request }) => {
  test.setTimeout(90_000);
  // The JWT expires after 6 s but the token answer says an hour: MSAL keeps using it.
  await serverSettings(request, { lifetime: 6, expiresIn: 3600 });
  await signInSetup(page, request);
  await signIn(page, request);
  await clearRequestLog(request);
  await clearServerLog(request);
  await expect
    .poll(async () => graphOnly(await requestLog(request)).some((r) => r.status === 401), { timeout: 60_000, intervals: [1_000] })
    .toBeTruthy();
  await expect
    .poll(async () => {
      const log = graphOnly(await requestLog(request)).filter((r) => !r.batch);
      const i = log.findIndex((r) => r.status === 401);
      return log.slice(i + 1).some((r) => r.path === log[i].path && r.status === 200);
    }, { timeout: 10_000 })
    .toBeTruthy();
  const log = graphOnly(await requestLog(request)).filter((r) => !r.batch);
  const i = log.findIndex((r) => r.status === 401);
  // The replay carries a new token, and it is the only repeat of the refused request.
  const replay = log.slice(i + 1).find((r) => r.path === log[i].path && r.body === log[i].body);
  expect(replay.status).toBe(200);
  expect(replay.tokenId).not.toBe(log[i].tokenId);
  const renewals = (await serverLog(request)).filter((e) => e.endpoint === 'token' && e.grant === 'refresh_token');
  expect(renewals.length).toBeGreaterThanOrEqual(1);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('article')).toHaveCount(await fleetSize(request));
});

test('a write refused with 403 for a missing scope shows the permission hint and is not retried', async ({ page, request }) => {
  test.setTimeout(60_000);
  // The administrator never consented to the write permission: the server grants reads only.
  await serverSettings(request, { withhold: [WRITE] });
  await signInSetup(page, request);
  await signIn(page, request);
  await clearRequestLog(request);
  const paused = pausedJob(await manifest(request));
  await page.getByRole('article', { name: paused.appName, exact: true }).getByRole('button', { name: 'Start', exact: true }).click();
  const alert = page.getByRole('alert').filter({ hasText: `Start failed for ${paused.appName}` });
  await expect(alert).toContainText('403');
  await expect(alert).toContainText(WRITE);
  const starts = async () => graphOnly(await requestLog(request)).filter((r) => r.method === 'POST' && r.path.endsWith('/start'));
  expect((await starts()).map((r) => r.status)).toEqual([403]);
  // The next automatic refresh (15 s after an action) has run: still one Start, never sent again.
  const first = (await requestLog(request)).length;
  await expect
    .poll(async () => (await requestLog(request)).slice(first).some((r) => r.graph && r.path.endsWith('/$batch')), { timeout: 40_000, intervals: [1_000] })
    .toBeTruthy();
  expect((await starts()).map((r) => r.status)).toEqual([403]);
  expect(scpSet((await starts())[0].scp).has(WRITE)).toBeFalsy();
});

/** Every token, refresh token and code the server handed out so far. */
async function secrets(request) {
  const seen = await serverLog(request);
  return seen
    .flatMap((e) => [e.accessToken, e.idToken, e.refreshToken])
    .filter((s) => typeof s === 'string' && s.length > 0);
}

test('storage hygiene: with sessionStorage nothing token-like in localStorage, the URL, the console or the page', async ({ page, request }) => {
  const consoleText = [];
  page.on('console', (m) => consoleText.push(m.text()));
  await signInSetup(page, request);
  await signIn(page, request);
  const issued = await secrets(request);
  expect(issued.length).toBeGreaterThanOrEqual(3);
  const local = await page.evaluate(() => Object.entries(localStorage));
  for (const [k, v] of local) {
    expect(k.toLowerCase()).not.toMatch(/accesstoken|idtoken|refreshtoken/);
    expect(v).not.toMatch(JWT);
  }
  // MSAL does keep them in sessionStorage (so the check above looks at the right thing).
  const session = await page.evaluate(() => Object.values(sessionStorage).join('\n'));
  expect(session).toMatch(JWT);
  const url = page.url();
  expect(url).not.toMatch(/code=|id_token|access_token|state=|#/);
  const html = await page.content();
  const text = consoleText.join('\n');
  for (const s of issued) {
    expect(local.some(([, v]) => v.includes(s))).toBeFalsy();
    expect(html.includes(s)).toBeFalsy();
    expect(text.includes(s)).toBeFalsy();
  }
  expect(html).not.toMatch(JWT);
  expect(text).not.toMatch(JWT);
});

test('sign out: tokens gone from storage, "Sign in" again, and a reload stays signed out', async ({ page, request }) => {
  await signInSetup(page, request);
  await signIn(page, request);
  const issued = await secrets(request);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to syncdeck' })).toBeVisible();
  expect((await serverLog(request)).length).toBeGreaterThan(0);
  const stored = await page.evaluate(() => [...Object.values(sessionStorage), ...Object.values(localStorage)].join('\n'));
  expect(stored).not.toMatch(JWT);
  for (const s of issued) expect(stored.includes(s)).toBeFalsy();
  await clearRequestLog(request);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Sign in to syncdeck' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeEnabled();
  expect(graphOnly(await requestLog(request))).toEqual([]);
});

test('two accounts from the server, switched in the header, each with its own tokens', async ({ page, request }) => {
  test.setTimeout(60_000);
  await signInSetup(page, request);
  await signIn(page, request);
  await serverSettings(request, { user: 'admin2' });
  await clearRequestLog(request);
  await page.getByRole('button', { name: 'Add account' }).click();
  const switcher = page.getByRole('combobox', { name: 'Switch account or tenant' });
  await expect(switcher).toBeVisible();
  await expect(page.locator('.sd-account__who')).toContainText('admin2@fabrikam.example');
  await expect(page.locator('.sd-account__who')).toContainText('22222222-2222-2222-2222-222222222222');
  await expect(page.getByRole('article')).toHaveCount(await fleetSize(request));
  const second = graphOnly(await requestLog(request));
  expect(second.length).toBeGreaterThan(0);
  expect(second.every((r) => r.status === 200 && r.user === 'admin2@fabrikam.example')).toBeTruthy();
  const authorize = (await serverLog(request)).filter((e) => e.endpoint === 'authorize');
  expect(authorize.at(-1).prompt).toBe('select_account');

  await clearRequestLog(request);
  await switcher.selectOption({ label: 'admin1@contoso.example · 11111111-1111-1111-1111-111111111111' });
  await expect(page.locator('.sd-account__who')).toContainText('admin1@contoso.example');
  await expect(page.getByRole('article')).toHaveCount(await fleetSize(request));
  const first = graphOnly(await requestLog(request));
  expect(first.length).toBeGreaterThan(0);
  expect(first.every((r) => r.status === 200 && r.user === 'admin1@contoso.example')).toBeTruthy();
  // Switching asked the server nothing new: admin1's tokens were still in MSAL's cache...
  const byUser = (log, user) => new Set(log.filter((r) => r.user === user).map((r) => r.tokenId));
  // ...and no token was shared between the accounts.
  const a1 = byUser(first, 'admin1@contoso.example');
  const a2 = byUser(second, 'admin2@fabrikam.example');
  expect([...a1].filter((t) => a2.has(t))).toEqual([]);
});
