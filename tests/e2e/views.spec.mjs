// The fleet view's controls, the app and job pages, deep links, export, and the auto-refresh.
import { test, expect } from '@playwright/test';
import {
  appsWithJobs, downloaded, graph, graphJob, jobCount, jobsWithStatus, manifest, quarantinedWith, resetEmulator, runningJob,
  watchConsole,
} from './support.mjs';

test.afterEach(async ({ request }) => {
  await resetEmulator(request);
});

const cards = (page) => page.getByRole('article');
const firstCardName = (page) => cards(page).first().locator('h3');

/**
 * The quarantined job whose connection failed, with the error codes Graph gives it: `errorCode`,
 * its quarantine's (what the filter searches and the CSV exports), and `lastRunErrorCode`.
 */
async function failingJob(request, m) {
  const job = quarantinedWith(m, 'EncounteredQuarantineException');
  const status = (await graphJob(request, job)).status;
  const errorCode = status.quarantine?.error?.code;
  const lastRunErrorCode = status.lastExecution?.error?.code;
  expect(errorCode, `${job.appName}'s quarantine error code`).toBeTruthy();
  expect(lastRunErrorCode, `${job.appName}'s last run error code`).toBeTruthy();
  return { ...job, errorCode, lastRunErrorCode };
}

test('the text filter narrows the cards and lives in the URL', async ({ page, request }) => {
  const m = await manifest(request);
  const n = jobCount(m);
  // The jobs of the Contoso apps (the filter also searches ids, template ids and reasons).
  const contoso = m.jobs.filter((j) =>
    [j.appName, j.servicePrincipalId, j.id, j.templateId, j.quarantineReason ?? ''].join('\n').toLowerCase().includes('contoso'));
  expect(contoso.length, 'some but not all demo jobs are of Contoso apps').toBeGreaterThan(0);
  expect(contoso.length).toBeLessThan(n);
  const failing = await failingJob(request, m);
  await page.goto('/');
  await expect(cards(page)).toHaveCount(n);
  await page.getByRole('searchbox', { name: 'Filter jobs' }).fill('contoso');
  await expect(cards(page)).toHaveCount(contoso.length);
  await expect(page.getByText(`Showing ${contoso.length} of ${n} jobs`)).toBeVisible();
  await expect(page).toHaveURL(/\?q=contoso/);
  // Every term must match: an error code narrows to the one job that has it.
  await page.getByRole('searchbox', { name: 'Filter jobs' }).fill(failing.errorCode);
  await expect(cards(page)).toHaveCount(1);
  await expect(firstCardName(page)).toHaveText(failing.appName);
  // A reload keeps the filter.
  await page.reload();
  await expect(page.getByRole('searchbox', { name: 'Filter jobs' })).toHaveValue(failing.errorCode);
  await expect(cards(page)).toHaveCount(1);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(cards(page)).toHaveCount(n);
});

test('state and kind filters, and a shared link with both', async ({ page, request }) => {
  const m = await manifest(request);
  const quarantined = jobsWithStatus(m, 'Quarantine').length;
  const paused = jobsWithStatus(m, 'Paused').length;
  // Cloud Sync jobs: templates AD2AAD… (crates/graph/src/template.rs).
  const cloudSync = m.jobs.filter((j) => j.templateId.startsWith('AD2AAD')).length;
  expect([quarantined, paused, cloudSync].every((k) => k > 0), 'quarantined, paused and Cloud Sync demo jobs').toBeTruthy();
  await page.goto('/');
  await expect(cards(page)).toHaveCount(jobCount(m));
  await page.getByRole('checkbox', { name: /^Quarantine/ }).check();
  await expect(cards(page)).toHaveCount(quarantined);
  for (const badge of await cards(page).locator('.sd-badge__text').allTextContents()) {
    expect(badge).toBe('Quarantine');
  }
  await page.getByRole('checkbox', { name: /^Paused/ }).check();
  await expect(cards(page)).toHaveCount(quarantined + paused);
  await page.getByRole('checkbox', { name: /^Quarantine/ }).uncheck();
  await page.getByRole('checkbox', { name: /^Paused/ }).uncheck();
  await page.getByRole('combobox', { name: 'Kind' }).selectOption({ label: 'Cloud Sync' });
  await expect(cards(page)).toHaveCount(cloudSync);
  const url = page.url();
  expect(url).toMatch(/kind=/);
  const other = await page.context().newPage();
  await other.goto(url);
  await expect(other.getByRole('article')).toHaveCount(cloudSync);
  await expect(other.getByRole('combobox', { name: 'Kind' })).toHaveValue(/.+/);
});

test('needs attention is the default order; other orders sort as named', async ({ page, request }) => {
  const m = await manifest(request);
  const quarantined = jobsWithStatus(m, 'Quarantine').length;
  expect(quarantined, 'the demo tenant has quarantined jobs').toBeGreaterThan(0);
  await page.goto('/');
  await expect(cards(page)).toHaveCount(jobCount(m));
  // The quarantined jobs come first.
  const badges = await cards(page).locator('.sd-badge__text').allTextContents();
  expect(badges.slice(0, quarantined)).toEqual(Array(quarantined).fill('Quarantine'));
  expect(badges.slice(quarantined)).not.toContain('Quarantine');
  await page.getByRole('combobox', { name: 'Sort by' }).selectOption('name');
  const names = await cards(page).locator('h3').allTextContents();
  const sorted = [...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  expect(names).toEqual(sorted);
  await expect(page).toHaveURL(/sort=name/);
});

test('CSV export contains exactly what is on screen', async ({ page, request }) => {
  const m = await manifest(request);
  const quarantined = jobsWithStatus(m, 'Quarantine');
  const failing = await failingJob(request, m);
  await page.goto('/');
  await expect(cards(page)).toHaveCount(jobCount(m));
  await page.getByRole('checkbox', { name: /^Quarantine/ }).check();
  await expect(cards(page)).toHaveCount(quarantined.length);
  const { name, text } = await downloaded(page, page.getByRole('button', { name: 'Export CSV' }));
  expect(name).toMatch(/^syncdeck-jobs-.*\.csv$/);
  const lines = text.split('\r\n').filter((l) => l.length > 0);
  expect(lines[0]).toBe(
    'App,Service principal id,Application id,Job id,Template id,Kind,State,Schedule,Last run,' +
      'Last run ended (UTC),Failed runs in a row,Quarantine reason,Quarantined since (UTC),' +
      'Days before auto-disable,Last error code,Last error message,Needs attention',
  );
  expect(lines).toHaveLength(1 + quarantined.length);
  // One line per quarantined job (its job id is a field), with its reason.
  for (const job of quarantined) {
    const line = lines.find((l) => l.includes(`,${job.id},`));
    expect(line, `${job.appName}'s line`).toBeTruthy();
    expect(line).toContain(job.quarantineReason);
  }
  const line = lines.find((l) => l.startsWith(`${failing.appName},`));
  expect(line).toContain('EncounteredQuarantineException');
  expect(line).toContain(failing.errorCode);
  expect(lines.slice(1).every((l) => l.includes(',Quarantine,'))).toBeTruthy();
});

test('a job page deep link survives a reload and a cold start', async ({ page, browser, request }) => {
  const problems = watchConsole(page);
  const job = await failingJob(request, await manifest(request));
  await page.goto('/');
  await page.getByRole('article', { name: job.appName, exact: true }).getByRole('link').click();
  await expect(page).toHaveURL(`/servicePrincipals/${job.servicePrincipalId}/jobs/${job.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(job.appName);
  await expect(page.getByRole('table', { name: 'Last run' })).toContainText(job.lastRunErrorCode);
  // Raw JSON on demand.
  const raw = page.locator('details.sd-raw');
  await expect(raw.locator('pre')).toBeHidden();
  await raw.locator('summary').click();
  await expect(raw.locator('pre')).toContainText(`"id": "${job.id}"`);
  // The Entra admin center link points at this app.
  const entra = page.getByRole('link', { name: 'Open in the Entra admin center' });
  await expect(entra).toHaveAttribute('href', new RegExp(`^https://entra\\.microsoft\\.com/.*objectId/${job.servicePrincipalId}`));
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(job.appName);
  const cold = await (await browser.newContext()).newPage();
  await cold.goto(`/servicePrincipals/${job.servicePrincipalId}/jobs/${job.id}`);
  await expect(cold.getByRole('article', { name: job.appName, exact: true })).toContainText('Quarantine');
  expect(problems).toEqual([]);
});

test('the app page lists the app\'s jobs and templates', async ({ page, request }) => {
  const m = await manifest(request);
  // An app with several jobs.
  const app = m.apps.find((a) => a.jobs.length > 1);
  expect(app, 'an app of the demo tenant has several jobs').toBeTruthy();
  await page.goto(`/servicePrincipals/${app.servicePrincipalId}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(app.displayName);
  await expect(page.getByRole('article', { name: app.displayName, exact: true })).toHaveCount(app.jobs.length);
  await expect(page.getByRole('heading', { name: 'Templates' })).toBeVisible();
  // Each job was made from one of the app's templates.
  for (const job of app.jobs) await expect(page.locator('.sd-templates')).toContainText(job.templateId);
  await page.getByRole('link', { name: 'All provisioning jobs' }).click();
  await expect(page).toHaveURL('/');
  await expect(cards(page)).toHaveCount(jobCount(m));
});

test('an unknown route says so, with a way back', async ({ page, request }) => {
  const m = await manifest(request);
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to all provisioning jobs' }).click();
  await expect(cards(page)).toHaveCount(jobCount(m));
});

test('a state change is picked up by the auto-refresh and announced', async ({ page, request }) => {
  test.setTimeout(60_000);
  const job = runningJob(await manifest(request));
  await page.goto('/');
  const running = page.getByRole('article', { name: job.appName, exact: true });
  await expect(running.locator('.sd-badge__text')).toHaveText('Active');
  await expect(page.getByText(/updated (now|\d+ sec\. ago)/)).toBeVisible();
  // An admin pauses the running job elsewhere (PowerShell, the portal): the view catches up by itself.
  const path = `/servicePrincipals/${job.servicePrincipalId}/synchronization/jobs/${job.id}/pause`;
  expect((await graph(request, 'POST', path)).status()).toBe(204);
  await expect(running.locator('.sd-badge__text')).toHaveText('Paused', { timeout: 40_000 });
  await expect(page.getByRole('status').filter({ hasText: `${job.appName}: Active → Paused` })).toBeVisible();
});

test('the ids of apps with jobs are remembered, and nothing else', async ({ page, request }) => {
  const m = await manifest(request);
  await page.goto('/');
  await expect(page.getByRole('progressbar', { name: 'Apps scanned' })).toHaveAttribute('aria-valuetext', /Scanned all/);
  const stored = await page.evaluate(() => Object.fromEntries(Object.entries(localStorage)));
  const keys = Object.keys(stored);
  expect(keys).toHaveLength(1);
  expect(keys[0]).toMatch(/^syncdeck\.appsWithJobs\./);
  const ids = JSON.parse(stored[keys[0]]);
  expect(ids).toHaveLength(m.counts.appsWithJobs);
  for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
  expect([...ids].sort()).toEqual(appsWithJobs(m).map((a) => a.servicePrincipalId).sort());
  expect(JSON.stringify(stored)).not.toContain('syncdeck-demo-token');
  // The next visit asks for the remembered apps first and still finds everything.
  await page.reload();
  await expect(cards(page)).toHaveCount(jobCount(m));
  await expect(cards(page).first().locator('h3')).not.toHaveText(/^[0-9a-f-]{36}$/);
});

test('nothing is sent while the tab is hidden', async ({ page, request }) => {
  test.setTimeout(60_000);
  expect((await manifest(request)).jobs.some((j) => j.running), 'a demo job is running').toBeTruthy();
  // The page's timers run on Playwright's clock: time flows as usual, and can jump ahead.
  await page.clock.install();
  await page.goto('/');
  await expect(page.getByRole('progressbar', { name: 'Apps scanned' })).toHaveAttribute('aria-valuetext', /Scanned all/);
  await page.evaluate(() => Object.defineProperty(document, 'hidden', { configurable: true, get: () => true }));
  // What the page starts from now on, as the browser reports it. (The emulator's log would also
  // show a read the page had sent before the tab was hidden but that reached it later.)
  const sent = [];
  page.on('request', (r) => sent.push(new URL(r.url()).pathname));
  // Jump past the fastest refresh interval (15 s, jobs are running): every timer due fires now.
  await page.clock.fastForward(18_000);
  // The known later event: a request the page sends after the jump. A refresh would be before it.
  await page.evaluate(() => fetch('/after-the-jump').then((r) => r.text()));
  expect(sent).toEqual(['/after-the-jump']);
  await request.delete('/_emulator/requests');
  // Visible again: the refresh resumes by itself.
  await page.evaluate(() => Object.defineProperty(document, 'hidden', { configurable: true, get: () => false }));
  await expect.poll(async () => (await (await request.get('/_emulator/requests')).json()).filter((r) => r.graph).length, {
    timeout: 20_000,
  }).toBeGreaterThan(0);
});
