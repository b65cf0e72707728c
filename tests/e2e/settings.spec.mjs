// Issue 16: Test connection, the provisioning settings (read, merge, write of the secrets), the
// schema (view, search, download, restore) and the Restart dialog's backup offer, checked against
// what the emulator saw (its request log) and what it saved.
import { test, expect } from '@playwright/test';
import {
  clearRequestLog, downloaded, expectAccessible, graph, manifest, requestLog, resetEmulator, watchConsole,
} from './support.mjs';

test.afterEach(async ({ request }) => {
  await resetEmulator(request);
});

const INBOUND = ['Workday', 'SuccessFactors', 'AD2AAD', 'API2AAD'];
const outbound = (j) => j.alone && !INBOUND.some((p) => j.templateId.startsWith(p));

/** A SCIM-like outbound job alone in its app, with its saved secrets as Graph has them. */
async function scimJob(request) {
  const m = await manifest(request);
  const job = m.jobs.find(outbound);
  expect(job, 'the demo has an outbound job alone in its app').toBeTruthy();
  return job;
}

const secretsPath = (job) => `/servicePrincipals/${job.servicePrincipalId}/synchronization/secrets`;
const schemaPath = (job) =>
  `/servicePrincipals/${job.servicePrincipalId}/synchronization/jobs/${encodeURIComponent(job.id)}/schema`;

async function savedSecrets(request, job) {
  const res = await graph(request, 'GET', secretsPath(job));
  expect(res.ok()).toBeTruthy();
  return (await res.json()).value;
}

async function faults(request, data) {
  expect((await request.post('/_emulator/faults', { data })).ok(), JSON.stringify(data)).toBeTruthy();
}

/** The Graph requests the page sent (not the emulator's own endpoints), as "METHOD path". */
async function sent(request) {
  return (await requestLog(request)).filter((r) => r.graph && r.method !== 'OPTIONS');
}

/** Opens the job page and its settings panel; returns the panel's region. */
async function openPanel(page, job) {
  await page.goto(`/servicePrincipals/${job.servicePrincipalId}/jobs/${encodeURIComponent(job.id)}`);
  await page.getByRole('button', { name: 'Show settings and schema' }).click();
  return page.getByRole('region', { name: 'Provisioning settings' });
}

test('the panel is fetched and read only when opened; Test connection says what Graph said', async ({ page, request }) => {
  const job = await scimJob(request);
  const wasm = [];
  page.on('request', (r) => { if (r.url().includes('/settings-')) wasm.push(r.url()); });
  await page.goto(`/servicePrincipals/${job.servicePrincipalId}/jobs/${encodeURIComponent(job.id)}`);
  const show = page.getByRole('button', { name: 'Show settings and schema' });
  await expect(show).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(wasm, 'nothing of the settings module before the panel is opened').toEqual([]);
  expect((await sent(request)).filter((r) => r.path.endsWith('/secrets') || r.path.endsWith('/schema'))).toEqual([]);

  await clearRequestLog(request);
  await show.click();
  await expect(show).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('spinbutton', { name: 'Deletion threshold' })).toHaveValue('500');
  expect(wasm.some((u) => u.endsWith('_bg.wasm'))).toBe(true);

  await clearRequestLog(request);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The connection works' })).toBeVisible();
  const tests = (await sent(request)).filter((r) => r.path.endsWith('/validateCredentials'));
  expect(tests.map((r) => `${r.method} ${r.path}`)).toEqual([
    `POST /v1.0/servicePrincipals/${job.servicePrincipalId}/synchronization/jobs/${job.id}/validateCredentials`,
  ]);
  expect(JSON.parse(tests[0].body)).toMatchObject({ useSavedCredentials: true });

  await faults(request, { credentialRule: 'reject' });
  await page.getByRole('button', { name: 'Test connection' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Test connection failed' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('BadRequest');
  await expect(alert).toContainText('refused by the target application');
  await expectAccessible(page, 'settings panel after a failed Test connection', 'sd-settings');
});

test('a settings edit PUTs every key read, in order, with only the edited value changed', async ({ page, request }) => {
  const job = await scimJob(request);
  const demo = await savedSecrets(request, job);
  const token = demo.find((p) => p.key === 'SecretToken')?.value;
  expect(token, 'the demo app has a saved SecretToken').toBeTruthy();
  expect(demo.map((p) => p.key)).toEqual(expect.arrayContaining(['SyncNotificationSettings', 'SyncAll', 'SkipOutOfScopeDeletions']));
  // What syncdeck does not edit must survive a write byte for byte: a key it has no use for,
  // placed in the middle, with a value in a spacing no serializer writes, and a member of
  // SyncNotificationSettings it does not know.
  const future = { key: 'SynchronizationSchedule', value: '{"Interval": "PT40M",  "State":"Active" }' };
  const seeded = demo.flatMap((p) => {
    if (p.key === 'SyncNotificationSettings') {
      return [{ ...p, value: JSON.stringify({ ...JSON.parse(p.value), FutureMember: { Nested: [1, 'two'] } }) }];
    }
    return p.key === 'SyncAll' ? [p, future] : [p];
  });
  expect((await graph(request, 'PUT', secretsPath(job), { value: seeded })).status()).toBe(204);
  const before = await savedSecrets(request, job);
  expect(before).toEqual(seeded);
  const problems = watchConsole(page);
  const messages = [];
  const urls = [];
  page.on('console', (m) => messages.push(m.text()));
  page.on('request', (r) => urls.push(r.url()));
  const region = await openPanel(page, job);
  await expect(region.getByRole('checkbox', { name: 'Prevent accidental deletions' })).toBeChecked();
  await region.getByRole('spinbutton', { name: 'Deletion threshold' }).fill('750');
  await clearRequestLog(request);
  await region.getByRole('button', { name: 'Review and save' }).click();
  const dialog = page.getByRole('dialog', { name: /Save the provisioning settings/ });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Deletion threshold: 750');
  await expect(dialog).toContainText(`PUT /servicePrincipals/${job.servicePrincipalId}/synchronization/secrets`);
  await expect(dialog).toContainText('(hidden: sent unchanged)');
  await expect(dialog).toContainText('SynchronizationSchedule');
  // The preview shows the body with every credential masked.
  expect(await page.content(), 'no credential in the page while the request is shown').not.toContain(token);
  await expectAccessible(page, 'settings review dialog', 'dialog[open]');
  expect(await sent(request), 'nothing is sent before Save').toEqual([]);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(region.getByRole('status').filter({ hasText: 'Saved: Deletion threshold: 750' })).toBeVisible();

  const log = await sent(request);
  const path = `/v1.0${secretsPath(job)}`;
  expect(log.map((r) => `${r.method} ${r.path}`).slice(0, 3)).toEqual([`GET ${path}`, `PUT ${path}`, `GET ${path}`]);
  const put = JSON.parse(log[1].body).value;
  expect(put.map((p) => p.key)).toEqual(before.map((p) => p.key));
  for (const [i, p] of put.entries()) {
    if (p.key === 'SyncNotificationSettings') continue;
    expect(p.value, `${p.key} is sent byte for byte as it was read`).toBe(before[i].value);
  }
  const inner = (pairs) => JSON.parse(pairs.find((p) => p.key === 'SyncNotificationSettings').value);
  expect(inner(put)).toEqual({ ...inner(before), DeleteThresholdValue: 750 });
  expect(inner(put).FutureMember).toEqual({ Nested: [1, 'two'] });
  const after = await savedSecrets(request, job);
  expect(inner(after).DeleteThresholdValue).toBe(750);
  expect(after.find((p) => p.key === 'SecretToken').value).toBe(token);
  expect(after.find((p) => p.key === future.key)).toEqual(future);

  // The secret never reached the page, a URL, the console, the browser's storage or a download.
  expect(await page.content()).not.toContain(token);
  expect(urls.filter((u) => u.includes(token))).toEqual([]);
  expect(page.url()).not.toContain(token);
  expect(messages.join('\n')).not.toContain(token);
  const stored = await page.evaluate(() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }]));
  expect(stored).not.toContain(token);
  const download = await downloaded(page, page.getByRole('button', { name: 'Download schema' }));
  expect(download.text).not.toContain(token);
  expect(problems).toEqual([]);
});

test('widening the scope needs the app name typed; nothing changed sends nothing', async ({ page, request }) => {
  const job = await scimJob(request);
  const region = await openPanel(page, job);
  await expect(region.getByRole('radio', { name: 'Sync only assigned users and groups' })).toBeChecked();
  await clearRequestLog(request);
  await region.getByRole('button', { name: 'Review and save' }).click();
  await expect(region.getByRole('alert')).toContainText('Nothing changed');
  await region.getByRole('radio', { name: 'Sync all users and groups' }).check();
  await region.getByRole('button', { name: 'Review and save' }).click();
  const dialog = page.getByRole('dialog', { name: /Save the provisioning settings/ });
  const save = dialog.getByRole('button', { name: 'Save' });
  await expect(save).toBeDisabled();
  await dialog.getByRole('textbox', { name: 'Type the app name to confirm' }).fill('not the name');
  await expect(save).toBeDisabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(await sent(request), 'a cancelled dialog sends nothing').toEqual([]);
  await region.getByRole('button', { name: 'Review and save' }).click();
  await dialog.getByRole('textbox', { name: 'Type the app name to confirm' }).fill(job.appName);
  await save.click();
  await expect(region.getByRole('status').filter({ hasText: 'sync all users and groups' })).toBeVisible();
  const puts = (await sent(request)).filter((r) => r.method === 'PUT');
  expect(puts).toHaveLength(1);
  expect(JSON.parse(puts[0].body).value.find((p) => p.key === 'SyncAll').value).toBe('true');
});

test('a change made elsewhere between read and write: nothing is written', async ({ page, request }) => {
  const job = await scimJob(request);
  const region = await openPanel(page, job);
  await expect(region.getByRole('spinbutton', { name: 'Deletion threshold' })).toHaveValue('500');
  // Another admin saves the secrets meanwhile (with the same keys, one value changed).
  const other = (await savedSecrets(request, job)).map((p) => (p.key === 'SkipOutOfScopeDeletions' ? { ...p, value: 'true' } : p));
  expect((await graph(request, 'PUT', secretsPath(job), { value: other })).status()).toBe(204);
  await clearRequestLog(request);
  await region.getByRole('spinbutton', { name: 'Deletion threshold' }).fill('600');
  await region.getByRole('button', { name: 'Review and save' }).click();
  await page.getByRole('dialog', { name: /Save the provisioning settings/ }).getByRole('button', { name: 'Save' }).click();
  await expect(region.getByRole('alert')).toContainText('Nothing was saved: the settings changed since they were read');
  expect((await sent(request)).filter((r) => r.method !== 'GET')).toEqual([]);
  expect((await savedSecrets(request, job)).find((p) => p.key === 'SkipOutOfScopeDeletions').value).toBe('true');
});

for (const [mode, words] of [
  ['forbidden', 'refused to show them to this account (403)'],
  ['notFound', 'does not have them for this app (404)'],
]) {
  test(`settings not readable (${mode}): said so, nothing guessed, nothing can be written`, async ({ page, request }) => {
    const job = await scimJob(request);
    await faults(request, { secretsRead: mode });
    const region = await openPanel(page, job);
    await expect(region.getByRole('alert')).toContainText('These settings are not readable here');
    await expect(region.getByRole('alert')).toContainText(words);
    await expect(region.getByRole('spinbutton', { name: 'Deletion threshold' })).toBeDisabled();
    await expect(region.getByRole('spinbutton', { name: 'Deletion threshold' })).toHaveValue('');
    await expect(region.getByRole('button', { name: 'Review and save' })).toBeDisabled();
    expect((await sent(request)).filter((r) => r.method === 'PUT')).toEqual([]);
    // Once Graph answers, "Read the settings again" shows them.
    await faults(request, { secretsRead: 'ok' });
    await region.getByRole('button', { name: 'Read the settings again' }).click();
    await expect(region.getByRole('spinbutton', { name: 'Deletion threshold' })).toHaveValue('500');
    await expect(region.getByRole('button', { name: 'Review and save' })).toBeEnabled();
  });
}

test('credentials that come back hidden: the page refuses to write over them', async ({ page, request }) => {
  const job = await scimJob(request);
  await faults(request, { secretsRead: 'masked' });
  const region = await openPanel(page, job);
  await expect(region.getByRole('alert')).toContainText('Graph hid the saved SecretToken');
  await region.getByRole('spinbutton', { name: 'Deletion threshold' }).fill('700');
  await clearRequestLog(request);
  await region.getByRole('button', { name: 'Review and save' }).click();
  await expect(region.getByRole('alert').filter({ hasText: 'hidden' }).last()).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect((await sent(request)).filter((r) => r.method === 'PUT')).toEqual([]);
});

test('the schema: searchable, downloaded as Graph answered it, restored from a backup after its diff', async ({ page, request }) => {
  const job = await scimJob(request);
  await openPanel(page, job);
  const graphSchema = await (await graph(request, 'GET', schemaPath(job))).json();
  await expect(page.getByRole('cell', { name: 'emails[type eq "work"].value' })).toBeVisible();
  // Each object mapping: source → target object, enabled, target actions, scoping filter.
  const mapping = graphSchema.synchronizationRules[0].objectMappings[0];
  await expect(page.getByRole('heading', { name: `${mapping.name}: ${mapping.sourceObjectName} → ${mapping.targetObjectName}` })).toBeVisible();
  await expect(page.locator('sd-settings').getByText(`Enabled · target actions: ${mapping.flowTypes}`).first()).toBeVisible();
  const clause = mapping.scope.groups[0].clauses[0];
  await expect(page.locator('sd-settings').getByText(/^Scoping filter \(any group\):/).first())
    .toContainText(`${clause.sourceOperandName} ${clause.operatorName}`);
  const search = page.getByRole('searchbox', { name: 'Search mappings' });
  await search.fill('givenName');
  await expect(page.getByRole('cell', { name: 'emails[type eq "work"].value' })).toHaveCount(0);
  await expect(page.getByRole('cell', { name: 'name.givenName' })).toBeVisible();
  await search.fill('');

  const download = await downloaded(page, page.getByRole('button', { name: 'Download schema' }));
  expect(download.name).toMatch(new RegExp(`^${job.templateId}-schema-\\d{4}-\\d{2}-\\d{2}\\.json$`));
  const backup = JSON.parse(download.text);
  expect(backup).toEqual(graphSchema);

  // An edited backup: the user mapping's displayName mapping removed, mail's apply mode changed.
  const edited = structuredClone(backup);
  const users = edited.synchronizationRules[0].objectMappings[0];
  users.attributeMappings = users.attributeMappings.filter((a) => a.targetAttributeName !== 'displayName');
  users.attributeMappings.find((a) => a.targetAttributeName === 'emails[type eq "work"].value').flowType = 'ObjectAddOnly';
  await clearRequestLog(request);
  await page.locator('sd-settings input[type=file]').setInputFiles({
    name: 'backup.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(edited)),
  });
  const dialog = page.getByRole('dialog', { name: /Restore the schema/ });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('listitem').filter({ hasText: 'Removed' })).toContainText('displayName');
  await expect(dialog.getByRole('listitem').filter({ hasText: 'Changed' })).toContainText('ObjectAddOnly');
  await expect(dialog).toContainText('starts a new initial cycle');
  await expectAccessible(page, 'restore schema dialog', 'dialog[open]');
  const restore = dialog.getByRole('button', { name: 'Restore', exact: true });
  await expect(restore).toBeDisabled();
  await dialog.getByRole('textbox', { name: 'Type the app name to confirm' }).fill(job.appName);
  await restore.click();
  await expect(page.getByRole('status').filter({ hasText: 'The schema was restored from backup.json' })).toBeVisible();
  const log = await sent(request);
  const path = `/v1.0${schemaPath(job)}`.replaceAll('%2E', '.');
  const puts = log.filter((r) => r.method === 'PUT');
  expect(puts).toHaveLength(1);
  const { ['@odata.context']: _context, ...withoutContext } = edited;
  expect(JSON.parse(puts[0].body)).toEqual(withoutContext);
  expect(log.filter((r) => r.path.endsWith('/schema')).map((r) => r.method)).toEqual(['GET', 'PUT', 'GET']);
  expect(decodeURIComponent(puts[0].path)).toBe(decodeURIComponent(path));
  const now = await (await graph(request, 'GET', schemaPath(job))).json();
  expect(now.synchronizationRules[0].objectMappings[0].attributeMappings.map((a) => a.targetAttributeName)).not.toContain('displayName');
});

test('a backup that is not a schema, or of another template, is refused and nothing is sent', async ({ page, request }) => {
  const m = await manifest(request);
  const job = m.jobs.find(outbound);
  const inbound = m.jobs.find((j) => j.templateId.startsWith('Workday'));
  expect(inbound, 'the demo has a Workday job').toBeTruthy();
  const foreign = await (await graph(request, 'GET', schemaPath(inbound))).text();
  await openPanel(page, job);
  await expect(page.getByRole('button', { name: 'Restore schema' })).toBeEnabled();
  await clearRequestLog(request);
  const input = page.locator('sd-settings input[type=file]');
  await input.setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
  await expect(page.getByRole('alert').filter({ hasText: 'notes.json was not restored' })).toContainText('not a synchronization schema');
  await input.setInputFiles({ name: 'photo.json', mimeType: 'application/json', buffer: Buffer.from([0xff, 0xd8, 0xff, 0x00]) });
  await expect(page.getByRole('alert').filter({ hasText: 'photo.json was not restored' })).toBeVisible();
  await input.setInputFiles({ name: 'workday.json', mimeType: 'application/json', buffer: Buffer.from(foreign) });
  await expect(page.getByRole('alert').filter({ hasText: 'workday.json was not restored' })).toContainText('another template');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect((await sent(request)).filter((r) => r.method !== 'GET')).toEqual([]);
});

test('Restart with Watermark offers the schema download first', async ({ page, request }) => {
  const job = await scimJob(request);
  await page.goto(`/servicePrincipals/${job.servicePrincipalId}/jobs/${encodeURIComponent(job.id)}`);
  await page.getByRole('button', { name: 'Restart', exact: true }).first().click();
  const dialog = page.getByRole('dialog', { name: /Restart provisioning/ });
  await expect(dialog.getByRole('button', { name: 'Download schema' })).toHaveCount(0);
  await dialog.getByRole('checkbox', { name: /^Watermark/ }).check();
  const offer = dialog.getByRole('button', { name: 'Download schema' });
  await expect(offer).toBeVisible();
  const saved = JSON.parse((await downloaded(page, offer)).text);
  expect(saved).toEqual(await (await graph(request, 'GET', schemaPath(job))).json());
  await expectAccessible(page, 'restart dialog with the backup offer', 'dialog[open]');
});
