// The fleet view's controls, the app and job pages, deep links, export, and the auto-refresh.
import { test, expect } from '@playwright/test';
import { firstJob, graph, resetEmulator, servicePrincipal, watchConsole } from './support.mjs';

test.afterEach(async ({ request }) => {
  await resetEmulator(request);
});

const cards = (page) => page.getByRole('article');
const firstCardName = (page) => cards(page).first().locator('h3');

test('the text filter narrows the cards and lives in the URL', async ({ page }) => {
  await page.goto('/');
  await expect(cards(page)).toHaveCount(13);
  await page.getByRole('searchbox', { name: 'Filter jobs' }).fill('contoso');
  await expect(cards(page)).toHaveCount(4); // Cloud Sync (2), HR (Workday), HRIS
  await expect(page.getByText('Showing 4 of 13 jobs')).toBeVisible();
  await expect(page).toHaveURL(/\?q=contoso/);
  // Every term must match: an error code narrows to the one job that has it.
  await page.getByRole('searchbox', { name: 'Filter jobs' }).fill('SalesforceInvalidCredentials');
  await expect(cards(page)).toHaveCount(1);
  await expect(firstCardName(page)).toHaveText('Salesforce Sandbox');
  // A reload keeps the filter.
  await page.reload();
  await expect(page.getByRole('searchbox', { name: 'Filter jobs' })).toHaveValue('SalesforceInvalidCredentials');
  await expect(cards(page)).toHaveCount(1);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(cards(page)).toHaveCount(13);
});

test('state and kind filters, and a shared link with both', async ({ page }) => {
  await page.goto('/');
  await expect(cards(page)).toHaveCount(13);
  await page.getByRole('checkbox', { name: /^Quarantine/ }).check();
  await expect(cards(page)).toHaveCount(4);
  for (const badge of await cards(page).locator('.sd-badge__text').allTextContents()) {
    expect(badge).toBe('Quarantine');
  }
  await page.getByRole('checkbox', { name: /^Paused/ }).check();
  await expect(cards(page)).toHaveCount(5);
  await page.getByRole('checkbox', { name: /^Quarantine/ }).uncheck();
  await page.getByRole('checkbox', { name: /^Paused/ }).uncheck();
  await page.getByRole('combobox', { name: 'Kind' }).selectOption({ label: 'Cloud Sync' });
  await expect(cards(page)).toHaveCount(2);
  const url = page.url();
  expect(url).toMatch(/kind=/);
  const other = await page.context().newPage();
  await other.goto(url);
  await expect(other.getByRole('article')).toHaveCount(2);
  await expect(other.getByRole('combobox', { name: 'Kind' })).toHaveValue(/.+/);
});

test('needs attention is the default order; other orders sort as named', async ({ page }) => {
  await page.goto('/');
  await expect(cards(page)).toHaveCount(13);
  const badges = await cards(page).locator('.sd-badge__text').allTextContents();
  expect(badges.slice(0, 4)).toEqual(['Quarantine', 'Quarantine', 'Quarantine', 'Quarantine']);
  expect(badges.slice(4)).not.toContain('Quarantine');
  await page.getByRole('combobox', { name: 'Sort by' }).selectOption('name');
  const names = await cards(page).locator('h3').allTextContents();
  const sorted = [...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  expect(names).toEqual(sorted);
  await expect(page).toHaveURL(/sort=name/);
});

test('CSV export contains exactly what is on screen', async ({ page }) => {
  await page.goto('/');
  await expect(cards(page)).toHaveCount(13);
  await page.getByRole('checkbox', { name: /^Quarantine/ }).check();
  await expect(cards(page)).toHaveCount(4);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^syncdeck-jobs-.*\.csv$/);
  const text = await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString('utf8'));
  const lines = text.split('\r\n').filter((l) => l.length > 0);
  expect(lines[0]).toBe(
    'App,Service principal id,Application id,Job id,Template id,Kind,State,Schedule,Last run,' +
      'Last run ended (UTC),Failed runs in a row,Quarantine reason,Quarantined since (UTC),' +
      'Days before auto-disable,Last error code,Last error message,Needs attention',
  );
  expect(lines).toHaveLength(1 + 4);
  const sf = lines.find((l) => l.startsWith('Salesforce Sandbox,'));
  expect(sf).toContain('EncounteredQuarantineException');
  expect(sf).toContain('SalesforceInvalidCredentials');
  expect(lines.slice(1).every((l) => l.includes(',Quarantine,'))).toBeTruthy();
});

test('a job page deep link survives a reload and a cold start', async ({ page, browser, request }) => {
  const problems = watchConsole(page);
  const sp = await servicePrincipal(request, 'Salesforce Sandbox');
  const job = await firstJob(request, sp.id);
  await page.goto('/');
  await page.getByRole('article', { name: 'Salesforce Sandbox', exact: true }).getByRole('link').click();
  await expect(page).toHaveURL(`/servicePrincipals/${sp.id}/jobs/${job.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Salesforce Sandbox');
  await expect(page.getByRole('table', { name: 'Last run' })).toContainText('SalesforceInvalidCredentials');
  // Raw JSON on demand.
  const raw = page.locator('details.sd-raw');
  await expect(raw.locator('pre')).toBeHidden();
  await raw.locator('summary').click();
  await expect(raw.locator('pre')).toContainText(`"id": "${job.id}"`);
  // The Entra admin center link points at this app.
  const entra = page.getByRole('link', { name: 'Open in the Entra admin center' });
  await expect(entra).toHaveAttribute('href', new RegExp(`^https://entra\\.microsoft\\.com/.*objectId/${sp.id}`));
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Salesforce Sandbox');
  const cold = await (await browser.newContext()).newPage();
  await cold.goto(`/servicePrincipals/${sp.id}/jobs/${job.id}`);
  await expect(cold.getByRole('article', { name: 'Salesforce Sandbox', exact: true })).toContainText('Quarantine');
  expect(problems).toEqual([]);
});

test('the app page lists the app\'s jobs and templates', async ({ page, request }) => {
  const sp = await servicePrincipal(request, 'Contoso Cloud Sync');
  await page.goto(`/servicePrincipals/${sp.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Contoso Cloud Sync');
  await expect(page.getByRole('article', { name: 'Contoso Cloud Sync', exact: true })).toHaveCount(2);
  await expect(page.getByRole('heading', { name: 'Templates' })).toBeVisible();
  await expect(page.locator('.sd-templates')).toContainText('AD2AADProvisioning');
  await page.getByRole('link', { name: 'All provisioning jobs' }).click();
  await expect(page).toHaveURL('/');
  await expect(cards(page)).toHaveCount(13);
});

test('an unknown route says so, with a way back', async ({ page }) => {
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to all provisioning jobs' }).click();
  await expect(cards(page)).toHaveCount(13);
});

test('a state change is picked up by the auto-refresh and announced', async ({ page, request }) => {
  test.setTimeout(60_000);
  await page.goto('/');
  const slack = page.getByRole('article', { name: 'Slack', exact: true });
  await expect(slack.locator('.sd-badge__text')).toHaveText('Active');
  await expect(page.getByText(/updated (just now|\d+ s ago)/)).toBeVisible();
  // An admin pauses Slack elsewhere (PowerShell, the portal): the view catches up by itself.
  const sp = await servicePrincipal(request, 'Slack');
  const job = await firstJob(request, sp.id);
  expect((await graph(request, 'POST', `/servicePrincipals/${sp.id}/synchronization/jobs/${job.id}/pause`)).status()).toBe(204);
  await expect(slack.locator('.sd-badge__text')).toHaveText('Paused', { timeout: 40_000 });
  await expect(page.getByRole('status').filter({ hasText: 'Slack: Active → Paused' })).toBeVisible();
});

test('the ids of apps with jobs are remembered, and nothing else', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('progressbar', { name: 'Apps scanned' })).toHaveAttribute('aria-valuetext', /Scanned all/);
  const stored = await page.evaluate(() => Object.fromEntries(Object.entries(localStorage)));
  const keys = Object.keys(stored);
  expect(keys).toHaveLength(1);
  expect(keys[0]).toMatch(/^syncdeck\.appsWithJobs\./);
  const ids = JSON.parse(stored[keys[0]]);
  expect(ids).toHaveLength(12);
  for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
  expect(JSON.stringify(stored)).not.toContain('syncdeck-demo-token');
  // The next visit asks for the remembered apps first and still finds everything.
  await page.reload();
  await expect(cards(page)).toHaveCount(13);
  await expect(cards(page).first().locator('h3')).not.toHaveText(/^[0-9a-f-]{36}$/);
});

test('nothing is sent while the tab is hidden', async ({ page, request }) => {
  test.setTimeout(60_000);
  // The page's timers run on Playwright's clock: time flows as usual, and can jump ahead.
  await page.clock.install();
  await page.goto('/');
  await expect(page.getByRole('progressbar', { name: 'Apps scanned' })).toHaveAttribute('aria-valuetext', /Scanned all/);
  await page.evaluate(() => Object.defineProperty(document, 'hidden', { configurable: true, get: () => true }));
  await request.delete('/_emulator/requests');
  // Jump past the fastest refresh interval (15 s, jobs are running): every timer due fires now.
  await page.clock.fastForward(18_000);
  // The known later event: a request the page sends after the jump. A refresh would be before it.
  await page.evaluate(() => fetch('/after-the-jump').then((r) => r.text()));
  const log = (await (await request.get('/_emulator/requests')).json()).map((r) => r.path);
  expect(log).toEqual(['/after-the-jump']);
  // Visible again: the refresh resumes by itself.
  await page.evaluate(() => Object.defineProperty(document, 'hidden', { configurable: true, get: () => false }));
  await expect.poll(async () => (await (await request.get('/_emulator/requests')).json()).filter((r) => r.graph).length, {
    timeout: 20_000,
  }).toBeGreaterThan(0);
});
