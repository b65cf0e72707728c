// The fleet page's card window (src/pages/fleet.rs, crates/core/src/window.rs): with more jobs
// than fit a screen, only the first cards are rendered, more follow on scroll or with "Show N more
// jobs", and the summary, the filter and the CSV export still cover every job. The shared
// emulator's demo tenant is short enough to be rendered whole, so this file starts its own
// emulator with a generated tenant, and reads its jobs from that emulator's manifest.
import { test, expect, request as playwrightRequest } from '@playwright/test';
import { spawn } from 'node:child_process';
import { downloaded, manifest, watchConsole } from './support.mjs';

const APPS = 100;
const SEED = 7;
/**
 * The length of a list that is always rendered whole (the app's `SMALL_LIST`): the page does not
 * show it. The window's step, `STEP`, is read from the page (see `test.beforeAll`).
 */
const SMALL_LIST = 24;

// One column of tall cards (about 400 px each) on a short screen: the end of the first cards is
// far more than 1,500 px below the viewport, so nothing grows unless the test scrolls.
const VIEWPORT = { width: 600, height: 500 };
test.use({ viewport: VIEWPORT });

/**
 * Starts `syncdeck-emulator` on a free loopback port with the given arguments; resolves once it
 * prints its "listening on" line. `stop()` ends it (SIGTERM, then SIGKILL), and the worker
 * process kills it on exit in any case.
 */
async function startEmulator(args) {
  const bin = process.env.EMULATOR_BIN ?? 'target/debug/syncdeck-emulator';
  const child = spawn(bin, [...args, '--addr', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => { err = (err + d).slice(-4_000); });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`emulator did not start in 20 s: ${err}`)), 20_000);
    child.stdout.on('data', (d) => {
      out = (out + d).slice(-4_000);
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('error', (e) => { clearTimeout(timer); reject(e); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`emulator exited (${code}): ${err}`)); });
  }).catch((e) => {
    child.kill('SIGKILL');
    process.removeListener('exit', killOnExit);
    throw e;
  });
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  return { url, stop };
}

let emulator;
/** The generated tenant's manifest (its clock is frozen: `--speed 0`). */
let tenant;
/** Every job of the generated tenant: `{ spId, name, jobId }`. */
let jobs = [];
/** The window's step (`CARD_WINDOW`): cards rendered at first, and added at each growth. */
let STEP;

test.beforeAll(async ({ browser }) => {
  emulator = await startEmulator([
    '--apps', String(APPS), '--job-share', '1', '--seed', String(SEED), '--speed', '0',
    '--dist', process.env.SYNCDECK_DIST ?? 'dist',
  ]);
  const api = await playwrightRequest.newContext({ baseURL: emulator.url });
  try {
    tenant = await manifest(api);
  } finally {
    await api.dispose();
  }
  expect(tenant.counts.apps).toBe(APPS);
  jobs = tenant.jobs.map((j) => ({ spId: j.servicePrincipalId, name: j.appName, jobId: j.id }));
  expect(jobs).toHaveLength(tenant.counts.jobs);

  // The step, as the page tells it: "Show N more jobs" says min(step, jobs not rendered yet), so
  // N is the step when more jobs than N are left.
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    const rendered = await openFleet(page);
    const label = await moreButton(page).textContent();
    const shown = Number(label.match(/^Show (\d+) more jobs$/)?.[1]);
    expect(shown, `the step in "${label}"`).toBeGreaterThan(0);
    expect(jobs.length - rendered, 'more jobs left than one step').toBeGreaterThan(shown);
    STEP = shown;
  } finally {
    await context.close();
  }
  // Several windows' worth, and a remainder that is not a whole step.
  expect(jobs.length).toBeGreaterThan(SMALL_LIST + 3 * STEP);
  expect(jobs.length % STEP).not.toBe(0);
});

test.afterAll(async () => {
  await emulator?.stop();
});

const cards = (page) => page.getByRole('article');
const cardLink = (page, i) => cards(page).nth(i).getByRole('heading', { level: 3 }).getByRole('link');
const moreButton = (page) => page.getByRole('button', { name: /^Show \d+ more jobs$/ });
const windowLine = (page) => page.locator('.sd-fleet__more p');
const onPage = (rendered, shown) => `${rendered} of ${shown} jobs on the page; more appear as you scroll.`;
const showLabel = (rendered, shown) => `Show ${Math.min(STEP, shown - rendered)} more jobs`;

/** Waits a few frames (the window grows in a timer set in the frame after each render). */
async function frames(page, n = 3) {
  await page.evaluate(async (count) => {
    for (let i = 0; i < count; i++) {
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    }
  }, n);
}

/** The number of rendered cards once it no longer changes from one round of frames to the next. */
async function settledCount(page) {
  let before = await cards(page).count();
  for (let i = 0; i < 20; i++) {
    await frames(page, 5);
    const now = await cards(page).count();
    if (now === before) return now;
    before = now;
  }
  throw new Error('the number of cards kept changing');
}

/** Opens the fleet page on the generated tenant and waits for the scan to end. */
async function openFleet(page, query = '') {
  // The fleet's diagnosis loads are not what these tests are about, and back-to-back tests would
  // spend the emulator's reports budget (5 per 10 s): they get an empty log.
  await page.route('**/auditLogs/provisioning**', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: '{"value":[]}' }));
  await page.goto(`${emulator.url}/${query}`);
  await expect(page.getByRole('progressbar', { name: 'Apps scanned' }))
    .toHaveAttribute('aria-valuetext', `Scanned all ${APPS} apps`);
  await expect(page.locator('.sd-fleet__summary')).toContainText(`${jobs.length} jobs:`);
  return settledCount(page);
}

/**
 * Presses "Show N more jobs" from the keyboard. The button is focused without scrolling: scrolling
 * it into view brings the end of the cards near the viewport, which adds cards by itself (tested
 * in 'focusing the button…').
 */
async function pressShowMore(page) {
  await moreButton(page).evaluate((b) => b.focus({ preventScroll: true }));
  await expect(moreButton(page)).toBeFocused();
  await page.keyboard.press('Enter');
}

/** The app names of the rendered cards, in order. */
const renderedNames = (page) => cards(page).getByRole('heading', { level: 3 }).allTextContents();

/** Parses CSV (RFC 4180: quoted fields, doubled quotes, CRLF). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n') { row.push(field.replace(/\r$/, '')); rows.push(row); row = []; field = ''; }
    else field += c;
  }
  if (field.length > 0 || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

async function exportCsv(page) {
  const { text } = await downloaded(page, page.getByRole('button', { name: 'Export CSV' }));
  const [header, ...rows] = parseCsv(text);
  const col = (name) => {
    const i = header.indexOf(name);
    expect(i, name).toBeGreaterThanOrEqual(0);
    return i;
  };
  return { header, rows, col };
}

test('a long list renders a window of cards; the summary and the window line count every job', async ({ page }) => {
  const problems = watchConsole(page);
  const n = jobs.length;
  const rendered = await openFleet(page);
  // Nothing is scrolled: the first window, one step of cards, or whole steps up to SMALL_LIST when
  // the list was still short during the scan; far fewer than the jobs.
  expect(rendered).toBeGreaterThanOrEqual(STEP);
  expect(rendered).toBeLessThanOrEqual(SMALL_LIST);
  expect(rendered % STEP).toBe(0);
  await expect(windowLine(page)).toHaveText(onPage(rendered, n));
  await expect(moreButton(page)).toHaveText(showLabel(rendered, n));
  await expect(page.locator('.sd-fleet__summary')).toContainText(`${n} jobs:`);
  await expect(page.locator('.sd-fleet__summary')).toContainText(`· ${tenant.counts.apps} apps`);
  // The filter is empty: no "Showing x of y".
  await expect(page.locator('.sd-fleet__shown')).toHaveText('');
  // The rendered cards are real, distinct jobs of the tenant.
  const names = await renderedNames(page);
  expect(names).toHaveLength(rendered);
  const all = new Set(jobs.map((j) => j.name));
  expect(names.every((name) => all.has(name))).toBeTruthy();
  expect(problems).toEqual([]);
});

// A list longer than SMALL_LIST grows only near its end: after a new order, with the end of the
// cards far below the viewport, exactly one window (STEP cards, the step the page's button gave) is
// rendered. (Measured after a new order, not right after the scan: while the scan runs the list may
// still be short, e.g. the first $batch's apps, and a short list is rightly completed whole.)
test('a long list starts over with one window of cards when their end is far below the viewport', async ({ page }) => {
  await openFleet(page);
  await page.getByRole('combobox', { name: 'Sort by' }).selectOption('name');
  await expect(page).toHaveURL(/sort=name/);
  const rendered = await settledCount(page);
  await expect(windowLine(page)).toHaveText(onPage(rendered, jobs.length));
  // The end of the window, with its sentinel, is much more than 1,500 px below the viewport.
  const below = await windowLine(page).evaluate((el) => el.getBoundingClientRect().top - window.innerHeight);
  expect(below).toBeGreaterThan(1_500 + 1_000);
  expect(rendered).toBe(STEP);
});

test('"Show N more jobs" from the keyboard adds cards and focuses the first new one, up to every job', async ({ page }) => {
  test.setTimeout(60_000);
  const problems = watchConsole(page);
  const n = jobs.length;
  let rendered = await openFleet(page);

  // Tabbing or focusing the button scrolls it into view, so the end of the cards is near: cards
  // are added by that alone, and the button keeps the focus.
  await moreButton(page).focus();
  await expect(cards(page)).toHaveCount(rendered + STEP);
  await expect(windowLine(page)).toHaveText(onPage(rendered + STEP, n));
  await expect(moreButton(page)).toBeFocused();
  rendered += STEP;
  await page.keyboard.press('Enter');
  await expect(cards(page)).toHaveCount(rendered + STEP);
  await expect(cardLink(page, rendered)).toBeFocused();
  rendered += STEP;

  // Then from a focused button that is not scrolled into view, step by step to the end.
  while (rendered < n) {
    await expect(moreButton(page)).toHaveText(showLabel(rendered, n));
    await pressShowMore(page);
    const added = Math.min(STEP, n - rendered);
    await expect(cards(page)).toHaveCount(rendered + added);
    // Focus is on the link of the first new card (the first card of each new step).
    await expect(cardLink(page, rendered)).toBeFocused();
    rendered += added;
    if (rendered < n) await expect(windowLine(page)).toHaveText(onPage(rendered, n));
  }
  // Every job is on the page: no button and no window line, and every job has its card.
  await expect(moreButton(page)).toHaveCount(0);
  await expect(page.locator('.sd-fleet__more')).toHaveCount(0);
  expect(await settledCount(page)).toBe(n);
  expect((await renderedNames(page)).sort()).toEqual(jobs.map((j) => j.name).sort());
  const hrefs = await cards(page).getByRole('heading', { level: 3 }).getByRole('link')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  expect(new Set(hrefs).size).toBe(n);
  for (const j of jobs) {
    expect(hrefs).toContain(`/servicePrincipals/${j.spId}/jobs/${j.jobId}`);
  }
  expect(problems).toEqual([]);
});

test('the text filter finds a job whose card is not rendered', async ({ page }) => {
  const n = jobs.length;
  const rendered = await openFleet(page);
  const names = new Set(await renderedNames(page));
  // An app beyond the window (its name ends with a unique index, e.g. "… 00042").
  const target = jobs.find((j) => !names.has(j.name));
  expect(target).toBeTruthy();
  const count = jobs.filter((j) => j.name === target.name).length;
  await expect(cards(page).filter({ hasText: target.name })).toHaveCount(0);
  expect(rendered).toBeLessThan(n);

  await page.getByRole('searchbox', { name: 'Filter jobs' }).fill(target.name);
  await expect(cards(page)).toHaveCount(count);
  for (let i = 0; i < count; i++) {
    await expect(cards(page).nth(i).getByRole('heading', { level: 3 })).toHaveText(target.name);
  }
  await expect(page.getByRole('article', { name: target.name, exact: true }).first()).toBeVisible();
  await expect(page.getByText(`Showing ${count} of ${n} jobs`)).toBeVisible();
  // A short list is whole: no window line, no button.
  await expect(page.locator('.sd-fleet__more')).toHaveCount(0);
});

test('scrolling to the end of the cards adds cards, until every job is on the page', async ({ page }) => {
  test.setTimeout(60_000);
  const n = jobs.length;
  let rendered = await openFleet(page);
  while (rendered < n) {
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expect.poll(() => cards(page).count()).toBeGreaterThan(rendered);
    const now = await settledCount(page);
    expect(now).toBeLessThanOrEqual(n);
    // Added in whole steps (or the remainder), and the window line follows.
    expect(now === n || (now - rendered) % STEP === 0).toBeTruthy();
    if (now < n) await expect(windowLine(page)).toHaveText(onPage(now, n));
    rendered = now;
  }
  await expect(page.locator('.sd-fleet__more')).toHaveCount(0);
  expect((await renderedNames(page)).sort()).toEqual(jobs.map((j) => j.name).sort());
});

test('a new order or filter starts the window over', async ({ page }) => {
  const n = jobs.length;
  const grown = (await openFleet(page)) + STEP;

  // Grow the window, go back to the controls at the top, change the order: the window starts
  // over with a first window of STEP cards.
  await pressShowMore(page);
  await expect(cards(page)).toHaveCount(grown);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByRole('combobox', { name: 'Sort by' }).selectOption('name');
  await expect(page).toHaveURL(/sort=name/);
  await expect.poll(() => cards(page).count()).toBeLessThan(grown);
  const first = await settledCount(page);
  expect(first).toBe(STEP);
  await expect(windowLine(page)).toHaveText(onPage(first, n));
  const byName = await renderedNames(page);
  const sorted = [...byName].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  expect(byName).toEqual(sorted);

  // Grow again, then a state filter: the window starts over for what the filter shows.
  await pressShowMore(page);
  await expect(cards(page)).toHaveCount(first + STEP);
  await page.evaluate(() => window.scrollTo(0, 0));
  const active = page.getByRole('checkbox', { name: /^Active/ });
  const activeCount = Number((await page.locator('label', { has: active }).textContent()).match(/\((\d+)\)/)[1]);
  expect(activeCount, 'the Active filter counts the Active jobs of the manifest').toBe(tenant.counts.jobsByStatus.Active);
  expect(activeCount).toBeGreaterThan(first + STEP);
  await active.check();
  await expect(page.getByText(`Showing ${activeCount} of ${n} jobs`)).toBeVisible();
  await expect(cards(page)).toHaveCount(first);
  expect(await settledCount(page)).toBe(first);
  await expect(windowLine(page)).toHaveText(onPage(first, activeCount));
  for (const badge of await cards(page).locator('.sd-badge__text').allTextContents()) {
    expect(badge).toBe('Active');
  }

  // Clearing the filter starts over too (the grown window was for the old filter).
  await pressShowMore(page);
  await expect(cards(page)).toHaveCount(first + STEP);
  await page.evaluate(() => window.scrollTo(0, 0));
  await active.uncheck();
  await expect(cards(page)).toHaveCount(first);
  expect(await settledCount(page)).toBe(first);
  await expect(windowLine(page)).toHaveText(onPage(first, n));
});

test('CSV export has every shown job, not only the rendered cards', async ({ page }) => {
  const n = jobs.length;
  const rendered = await openFleet(page);
  expect(rendered).toBeLessThan(n);
  const all = await exportCsv(page);
  expect(all.rows).toHaveLength(n);
  const [sp, job, app] = [all.col('Service principal id'), all.col('Job id'), all.col('App')];
  const key = (spId, jobId) => `${spId} ${jobId}`;
  expect(all.rows.map((r) => key(r[sp], r[job])).sort()).toEqual(jobs.map((j) => key(j.spId, j.jobId)).sort());
  expect(all.rows.map((r) => r[app]).sort()).toEqual(jobs.map((j) => j.name).sort());
  // Still only the window on the page.
  await expect(cards(page)).toHaveCount(rendered);

  // With a filter: every job it shows, still more than the rendered cards.
  const active = page.getByRole('checkbox', { name: /^Active/ });
  await active.check();
  const activeCount = Number((await page.locator('label', { has: active }).textContent()).match(/\((\d+)\)/)[1]);
  expect(activeCount, 'the Active filter counts the Active jobs of the manifest').toBe(tenant.counts.jobsByStatus.Active);
  await expect(page.getByText(`Showing ${activeCount} of ${n} jobs`)).toBeVisible();
  const shown = await settledCount(page);
  expect(shown).toBeLessThan(activeCount);
  const filtered = await exportCsv(page);
  expect(filtered.rows).toHaveLength(activeCount);
  const state = filtered.col('State');
  expect(filtered.rows.every((r) => r[state] === 'Active')).toBeTruthy();
});
