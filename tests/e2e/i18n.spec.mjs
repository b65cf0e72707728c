// Simplified Chinese (issue 17): the browser's language picks it, every text comes from the
// catalog (locales/zh-CN/*.json, read here to know the expected words), Graph's own names stay
// next to the Chinese words, dates and numbers come from the browser's Intl, switching keeps the
// scan, and axe passes in Chinese too (a11y.spec.mjs covers English).
import { test, expect } from '@playwright/test';
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import {
  clearRequestLog, expectAccessible, graph, isRefresh, jobCount, manifest, requestLog, resetEmulator, runningJob,
  watchConsole,
} from './support.mjs';

// A clean emulator before each test too: other specs leave its reports budget (5 per 10 s) spent.
test.beforeEach(async ({ request }) => {
  await resetEmulator(request);
});
test.afterEach(async ({ request }) => {
  await resetEmulator(request);
});

const root = new URL('../../', import.meta.url);
const read = (p) => readFileSync(new URL(p, root), 'utf8');
const jsonFiles = (dir) => readdirSync(new URL(dir, root)).filter((f) => f.endsWith('.json')).sort();

/** The Chinese catalog, merged as the build merges it (xtask/src/build.rs). */
const ZH = Object.assign({}, ...jsonFiles('locales/zh-CN/').map((f) => JSON.parse(read(`locales/zh-CN/${f}`))));
/** The Chinese text of an English text of the app. */
function zh(english) {
  expect(ZH[english], `the catalog translates ${JSON.stringify(english)}`).toBeTruthy();
  return ZH[english];
}
/** The Chinese text of an English text with placeholders, filled. */
const zhf = (english, values) => zh(english).replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));

/** English words a Chinese page may show: product and protocol names, Graph's names. */
const KEEP = new Set(
  [read('locales/keep-in-english.txt'), ...readdirSync(new URL('locales/keep/', root)).map((f) => read(`locales/keep/${f}`))]
    .flatMap((t) => t.split('\n'))
    .map((l) => l.split('#')[0].trim())
    .filter(Boolean),
);
const WORD = /[A-Za-z][A-Za-z0-9_.\-/$@]*/g;
const words = (text) => (text.match(WORD) ?? []).map((w) => w.replace(/[.\-/]+$/, '')).filter((w) => /[A-Za-z]/.test(w));

/**
 * The tenant's data as Graph and the deployment give it: the manifest, every app's jobs as Graph
 * answers them (their error messages, object names and ids are Graph's, in English), the served
 * config.json, and for `job` its schema and saved settings' keys. Words found there are data.
 */
async function tenantData(request, m, job) {
  const data = [m, await (await request.get('/config.json')).json()];
  for (const app of m.apps.filter((a) => a.jobs.length > 0)) {
    const res = await graph(request, 'GET', `/servicePrincipals/${app.servicePrincipalId}/synchronization/jobs`);
    if (res.ok()) data.push(await res.json());
  }
  if (job) {
    const base = `/servicePrincipals/${job.servicePrincipalId}/synchronization`;
    data.push(await (await graph(request, 'GET', `${base}/jobs/${encodeURIComponent(job.id)}/schema`)).json());
    data.push(await (await graph(request, 'GET', `${base}/secrets`)).json());
  }
  return data;
}

/**
 * The text people read in `scope` (the page, or a locator's element): its rendered text and the
 * attributes read aloud or shown (aria-label, title, placeholder, alt, aria-valuetext), without
 * code samples (`code`, `pre`: Graph requests and answers, data).
 */
async function readText(page, scope = 'body') {
  const where = typeof scope === 'string' ? page.locator(scope).first() : scope;
  return where.evaluate((root) => {
    // The rendered text without code samples: each `code` and `pre` hidden while it is read.
    const samples = [...root.querySelectorAll('code, pre')];
    const display = samples.map((e) => e.style.display);
    samples.forEach((e) => { e.style.display = 'none'; });
    const parts = [root.innerText];
    samples.forEach((e, i) => { e.style.display = display[i]; });
    for (const el of root.querySelectorAll('*')) {
      if (el.closest('code, pre')) continue;
      for (const a of ['aria-label', 'title', 'placeholder', 'alt', 'aria-valuetext']) {
        const v = el.getAttribute(a);
        if (v) parts.push(v);
      }
    }
    const code = [...root.querySelectorAll('code, pre')].map((e) => e.innerText);
    return { text: parts.join('\n'), code: code.join('\n') };
  });
}

/** Every string value (and key) of a JSON value. */
function strings(value, out = []) {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value && typeof value === 'object') Object.entries(value).forEach(([k, v]) => { out.push(k); strings(v, out); });
  return out;
}

/**
 * Fails with the English words of `scope` that are neither kept names nor the tenant's data: each
 * of the data's strings (an app's name, Graph's error message, an object mapping's name) is taken
 * out of the text whole first, so the words of a sentence the app writes are always checked.
 */
async function expectNoEnglish(page, what, data, scope) {
  const { text: shown, code } = await readText(page, scope);
  const squeeze = (t) => t.replace(/\s+/g, ' ');
  let text = squeeze(shown);
  const values = [...new Set(strings(data).map(squeeze))].filter((v) => /[A-Za-z]/.test(v)).sort((a, b) => b.length - a.length);
  const escape = (v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const v of values) text = text.replace(new RegExp(`(?<![A-Za-z0-9_])${escape(v)}(?![A-Za-z0-9_])`, 'g'), ' ');
  const allowed = new Set([...KEEP, ...words(code)]);
  const english = [...new Set(words(text).filter((w) => !allowed.has(w)))];
  expect(english, `${what}: English words outside Graph's names, ids and product names`).toEqual([]);
  return text;
}

const card = (page, name) => page.getByRole('article', { name, exact: true });

test.describe('browser in Chinese', () => {
  test.use({ locale: 'zh-CN' });

  test('the fleet is in Chinese: scan, cards, Intl dates; nothing stored; axe clean', async ({ page, request }) => {
    const m = await manifest(request);
    const data = await tenantData(request, m);
    const requests = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    const problems = watchConsole(page);
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByRole('article')).toHaveCount(jobCount(m));
    const progress = page.getByRole('progressbar', { name: zh('Apps scanned') });
    await expect(progress).toBeVisible();
    await expect(page.getByRole('combobox', { name: zh('Language') })).toHaveValue('zh-CN');
    // The Chinese texts came from one hashed file of the app's own origin.
    expect(requests.filter((p) => p.startsWith('/i18n-'))).toEqual([expect.stringMatching(/^\/i18n-zh-CN-[0-9a-f]{16}\.json$/)]);
    // The choice came from the browser: nothing is remembered until the admin picks.
    expect(await page.evaluate(() => localStorage.getItem('syncdeck.lang'))).toBeNull();
    // A relative date, written by the browser's Intl.RelativeTimeFormat in Chinese.
    const rtf = await page.evaluate(() => {
      const f = new Intl.RelativeTimeFormat('zh-CN', { numeric: 'auto' });
      return ['second', 'minute', 'hour', 'day', 'month', 'year'].map((u) => f.format(-2, u).replace('2', ''));
    });
    const fleetText = await expectNoEnglish(page, 'fleet', data);
    expect(rtf.some((suffix) => fleetText.includes(suffix)), `a relative date such as ${rtf.join(', ')}`).toBeTruthy();
    expect(fleetText).not.toMatch(/\bago\b|\bjust now\b/);
    // The closing note shows this text (issue 17).
    mkdirSync(new URL('target/', root), { recursive: true });
    writeFileSync(new URL('target/i18n-fleet-zh-CN.txt', root), (await page.locator('body').innerText()) + '\n');
    await expectAccessible(page, 'fleet (zh-CN)');
    expect(problems).toEqual([]);
  });

  test('a card in each state says the state in Chinese next to Graph\'s name', async ({ page, request }) => {
    const m = await manifest(request);
    const data = await tenantData(request, m);
    await page.goto('/');
    await expect(page.getByRole('article')).toHaveCount(jobCount(m));
    const label = { NotConfigured: 'Not configured', NotRun: 'Not run', Active: 'Active', Paused: 'Paused', Quarantine: 'Quarantine' };
    const states = [...new Set(m.jobs.map((j) => j.statusCode))];
    expect(states.length, 'the demo tenant has jobs in several states').toBeGreaterThanOrEqual(4);
    for (const code of states) {
      const job = m.jobs.find((j) => j.statusCode === code && j.alone);
      if (!job) continue;
      const badge = card(page, job.appName).locator('.sd-badge__text');
      await expect(badge).toContainText(zh(label[code]));
      await expect(badge).toContainText(code);
      await expectNoEnglish(page, `card in ${code}`, data, card(page, job.appName));
    }
  });

  test('the restart dialog and an error alert are in Chinese', async ({ page, request }) => {
    const m = await manifest(request);
    const data = await tenantData(request, m);
    await page.goto('/');
    await expect(page.getByRole('article')).toHaveCount(jobCount(m));
    const quarantined = m.jobs.find((j) => j.statusCode === 'Quarantine' && j.alone);
    await card(page, quarantined.appName).getByRole('button', { name: zh('Restart'), exact: true }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: zh('Restart'), exact: true })).toBeVisible();
    await expectNoEnglish(page, 'restart dialog', data, 'dialog[open]');
    await expectAccessible(page, 'restart dialog (zh-CN)', 'dialog[open]');
    await dialog.getByRole('button', { name: zh('Cancel') }).click();
    await expect(dialog).toBeHidden();
    // A 403 on Pause: the alert explains in Chinese and keeps Graph's code and request id.
    const running = m.jobs.find((j) => j.running && j.alone) ?? runningJob(m);
    const graphError = {
      code: 'Authorization_RequestDenied',
      message: 'Insufficient privileges to complete the operation.',
      innerError: { date: '2026-11-22T10:00:00', 'request-id': 'req-403-zh', 'client-request-id': 'c-1' },
    };
    await page.route('**/pause', (route) =>
      route.fulfill({
        status: 403,
        contentType: 'application/json',
        headers: { 'request-id': 'req-403-zh', 'Access-Control-Allow-Origin': '*' },
        body: JSON.stringify({ error: graphError }),
      }),
    );
    await card(page, running.appName).getByRole('button', { name: zh('Pause'), exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Authorization_RequestDenied' });
    await expect(alert).toBeVisible();
    await expect(alert).toContainText('req-403-zh');
    await expect(alert).toContainText(running.appName);
    await expectNoEnglish(page, 'error alert', [data, graphError], alert);
    await expectAccessible(page, 'fleet with an alert (zh-CN)');
  });

  test('the job page is in Chinese, with its settings open; axe clean', async ({ page, request }) => {
    const m = await manifest(request);
    const job = runningJob(m);
    const data = await tenantData(request, m, job);
    await page.goto(`/servicePrincipals/${job.servicePrincipalId}/jobs/${encodeURIComponent(job.id)}`);
    await expect(page.getByRole('table', { name: zh('Last run') })).toBeVisible();
    await page.getByRole('button', { name: zh('Show settings and schema') }).click();
    await expect(page.getByRole('spinbutton', { name: zh('Deletion threshold') })).toBeEnabled();
    await expect(page.getByRole('button', { name: zh('Download schema') })).toBeEnabled();
    await expectNoEnglish(page, 'job page', data);
    await expectAccessible(page, 'job page with its settings open (zh-CN)');
  });
});

test('switching language reloads nothing, keeps the scan, and remembers only the code', async ({ page, request }) => {
  const m = await manifest(request);
  const data = await tenantData(request, m);
  const catalogs = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname.startsWith('/i18n-')) catalogs.push(r.url()); });
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('article')).toHaveCount(jobCount(m));
  expect(catalogs, 'English needs no catalog').toEqual([]);
  // A mark on the window: a reload would lose it.
  await page.evaluate(() => { window.__stillHere = true; });
  await clearRequestLog(request);
  const picker = page.getByRole('combobox', { name: 'Language' });
  await picker.focus();
  await picker.selectOption('zh-CN');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('progressbar', { name: zh('Apps scanned') })).toBeVisible();
  const zhPicker = page.getByRole('combobox', { name: zh('Language') });
  await expect(zhPicker).toBeFocused();
  expect(await page.evaluate(() => window.__stillHere)).toBe(true);
  await expect(page.getByRole('article')).toHaveCount(jobCount(m));
  // No new scan: nothing but the automatic refresh went to Graph.
  const sent = (await requestLog(request)).filter((r) => r.graph && !isRefresh(r) && r.method !== 'OPTIONS');
  expect(sent.filter((r) => r.path.includes('servicePrincipals') && !r.path.includes('auditLogs')).map((r) => r.path)).toEqual([]);
  expect(catalogs).toHaveLength(1);
  expect(await page.evaluate(() => Object.entries(localStorage).filter(([k]) => k === 'syncdeck.lang'))).toEqual([['syncdeck.lang', 'zh-CN']]);
  await expectNoEnglish(page, 'fleet after switching', data);
  // And back: English again, from the code, without another fetch.
  await zhPicker.selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('progressbar', { name: 'Apps scanned' })).toBeVisible();
  expect(catalogs).toHaveLength(1);
  // The choice outlives a visit.
  await picker.selectOption('zh-CN');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('progressbar', { name: zh('Apps scanned') })).toBeVisible();
});
