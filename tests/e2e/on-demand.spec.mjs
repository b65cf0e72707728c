// Provision on demand on the job page (issue 14, point 5): the part "provision" of the on-demand
// module (crates/settings), fetched on the placeholder button's first click, which opens the
// dialog at once; the dialog (axe clean), a user looked up, the exact request shown before it is
// sent, the result as the portal shows it, the failing user, one provisionOnDemand per user, and
// the pacing of a run of 7 users (never more than 5 in 10 s, no 429 needed). Users come from the
// emulator's manifest (`directory`). Moved from the branch diag-pod (fa7902e), where the button
// was the app's own.
import { test, expect } from '@playwright/test';
import {
  clearRequestLog, expectAccessible, graph, manifest, requestLog, resetEmulator, runningJob, watchConsole,
} from './support.mjs';

test.afterEach(async ({ request }) => {
  await resetEmulator(request);
});

const isPod = (r) => r.graph && r.method === 'POST' && r.path.endsWith('/provisionOnDemand');
const jobPath = (job) => `/servicePrincipals/${job.servicePrincipalId}/jobs/${encodeURIComponent(job.id)}`;

/** Opens the job page of `job` and its dialog (one click on the placeholder: the module is
 * fetched, draws its own button and opens the dialog); returns the dialog and the button. */
async function openDialog(page, job) {
  await page.goto(jobPath(job));
  const button = page.getByRole('button', { name: 'Provision on demand', exact: true });
  await expect(button).toBeEnabled();
  await button.click();
  const dialog = page.getByRole('dialog', { name: 'Provision on demand' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('textbox', { name: 'User' })).toBeFocused();
  return { dialog, button };
}

test('a user is looked up, the request shown, and the result read step by step', async ({ page, request }) => {
  const problems = watchConsole(page);
  const m = await manifest(request);
  const job = runningJob(m);
  const [user] = m.directory.users.filter((u) => u.id !== m.directory.failingUser.id);
  // The module's files (settings-<hash>.js and _bg.wasm): not part of the job page's load.
  const module = [];
  page.on('request', (r) => { if (r.url().includes('/settings-')) module.push(r.url()); });
  await page.goto(jobPath(job));
  await expect(page.getByRole('button', { name: 'Provision on demand', exact: true })).toBeEnabled();
  expect(module, 'nothing of the on-demand module before the button is clicked').toEqual([]);
  await clearRequestLog(request);
  const { dialog, button } = await openDialog(page, job);
  expect(module.some((u) => u.endsWith('_bg.wasm'))).toBe(true);
  await expectAccessible(page, 'Provision on demand dialog', 'dialog[open]');
  // No lookup before the admin asks; the schema is read when the dialog opens.
  let log = await requestLog(request);
  expect(log.filter((r) => r.graph && /\/(users|groups)\//.test(r.path))).toEqual([]);
  expect(log.filter((r) => r.graph && r.path.endsWith('/schema'))).toHaveLength(1);

  await dialog.getByRole('textbox', { name: 'User' }).fill(`${user.userPrincipalName}\nnobody@contoso.com`);
  await dialog.getByRole('button', { name: 'Find', exact: true }).click();
  const found = dialog.getByRole('list', { name: 'Users found' });
  await expect(found.getByRole('listitem')).toHaveCount(2);
  await expect(found.getByRole('listitem').first()).toContainText(user.displayName);
  await expect(found.getByRole('listitem').first()).toContainText(user.id);
  await expect(found.getByRole('listitem').nth(1)).toHaveText('Not found: nobody@contoso.com');
  log = await requestLog(request);
  // One GET each (sent together), with the least $select.
  const lookups = log.filter((r) => r.graph && r.path.includes('/users/'));
  expect(lookups.map((r) => `${decodeURIComponent(r.path.split('/users/')[1])} ${r.query} ${r.status}`).sort()).toEqual([
    `${user.userPrincipalName} $select=id,displayName,userPrincipalName 200`,
    'nobody@contoso.com $select=id,displayName,userPrincipalName 404',
  ]);

  // The exact request, before it is sent.
  const pre = dialog.locator('pre');
  await expect(pre).toContainText(
    `POST /servicePrincipals/${job.servicePrincipalId}/synchronization/jobs/${job.id}/provisionOnDemand`,
  );
  await expect(pre).toContainText(`"objectId": "${user.id}"`);
  const shown = JSON.parse((await pre.innerText()).split('\n').slice(1).join('\n'));
  expect(log.filter(isPod)).toEqual([]);

  await dialog.getByRole('button', { name: 'Provision', exact: true }).click();
  const result = dialog.getByRole('region', { name: user.userPrincipalName });
  await expect(result).toContainText('Succeeded');
  const steps = result.getByRole('list', { name: 'Steps' }).getByRole('listitem');
  await expect(steps.first()).toHaveText(/^Import user \(EntryImport\)/);
  await expect(steps.filter({ hasText: /^Determine if user is in scope/ })).toHaveCount(1);
  await expect(steps.filter({ hasText: /^Match user between source and target system/ })).toHaveCount(1);
  await expect(steps.last()).toHaveText(/^Perform action/);
  await expect(result.getByRole('list', { name: 'Modified attributes' })).toContainText(user.userPrincipalName);
  await expect(dialog.getByRole('status').filter({ hasText: '1 of 1 done' })).toBeVisible();
  const pods = (await requestLog(request)).filter(isPod);
  expect(pods).toHaveLength(1);
  expect(JSON.parse(pods[0].body)).toEqual(shown);
  expect(pods[0].status).toBe(200);

  // Escape closes; the focus goes to the button (the module's: the placeholder is gone).
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(button).toHaveCount(1);
  await expect(button).toBeFocused();
  // The module's button opens the same dialog again, as it was left, and reads nothing again.
  await button.click();
  await expect(dialog).toBeVisible();
  await expect(result).toContainText('Succeeded');
  expect((await requestLog(request)).filter((r) => r.graph && r.path.endsWith('/schema'))).toHaveLength(1);
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(button).toBeFocused();
  // The browser logs the lookup's 404 itself (the user not found); nothing else.
  expect(problems.filter((p) => !p.includes('status of 404'))).toEqual([]);
});

test('the failing user reads as Failed, and Retry failed sends only that one again', async ({ page, request }) => {
  const m = await manifest(request);
  const job = runningJob(m);
  const failing = m.directory.failingUser;
  const [ok] = m.directory.users.filter((u) => u.id !== failing.id);
  await clearRequestLog(request);
  const { dialog } = await openDialog(page, job);
  await dialog.getByRole('textbox', { name: 'User' }).fill(`${ok.id}, ${failing.userPrincipalName}`);
  await dialog.getByRole('button', { name: 'Find', exact: true }).click();
  await expect(dialog.getByRole('list', { name: 'Users found' }).getByRole('listitem')).toHaveCount(2);
  await expect(dialog.locator('pre')).toContainText('… and 1 more, one request per user');
  await dialog.getByRole('button', { name: 'Provision', exact: true }).click();
  const bad = dialog.getByRole('region', { name: failing.userPrincipalName });
  await expect(bad).toContainText('Failed');
  await expect(bad).toContainText(failing.errorCode);
  await expect(bad.getByRole('list', { name: 'Steps' }).getByRole('listitem').filter({ hasText: 'Failed' })).not.toHaveCount(0);
  await expect(dialog.getByRole('status').filter({ hasText: '2 of 2 done' })).toBeVisible();
  expect((await requestLog(request)).filter(isPod)).toHaveLength(2);
  await dialog.getByRole('button', { name: 'Retry failed' }).click();
  await expect(dialog.getByRole('status').filter({ hasText: '2 of 2 done' })).toBeVisible();
  await expect(bad).toContainText('Failed');
  const pods = (await requestLog(request)).filter(isPod);
  expect(pods).toHaveLength(3);
  expect(JSON.parse(pods[2].body).parameters[0].subjects[0].objectId).toBe(failing.id);
});

test('7 users: one request each, never more than 5 in any 10 s, no 429 needed', async ({ page, request }) => {
  test.setTimeout(60_000);
  const m = await manifest(request);
  const job = runningJob(m);
  const users = m.directory.users.filter((u) => u.id !== m.directory.failingUser.id).slice(0, 7);
  expect(users).toHaveLength(7);
  await clearRequestLog(request);
  // When each request left the browser (the emulator's log has no times; its own 5 per 10 s
  // limit answers 429 on arrival, so a 200 for every request says the arrivals kept it too).
  const sent = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/provisionOnDemand')) sent.push(Date.now());
  });
  const { dialog } = await openDialog(page, job);
  await dialog.getByRole('textbox', { name: 'User' }).fill(users.map((u) => u.userPrincipalName).join(','));
  await dialog.getByRole('button', { name: 'Find', exact: true }).click();
  await expect(dialog.getByRole('list', { name: 'Users found' }).getByRole('listitem')).toHaveCount(7);
  await expect(dialog.locator('pre')).toContainText('… and 6 more, one request per user');
  await dialog.getByRole('button', { name: 'Provision', exact: true }).click();
  await expect(dialog.getByRole('status').filter({ hasText: /^5 of 7 done, next in \d+ sec$/ })).toBeVisible();
  await expect(dialog.getByRole('status').filter({ hasText: '7 of 7 done' })).toBeVisible({ timeout: 20_000 });
  const pods = (await requestLog(request)).filter(isPod);
  expect(pods.map((r) => r.status)).toEqual(Array(7).fill(200));
  const ids = pods.map((r) => JSON.parse(r.body).parameters[0].subjects[0].objectId).sort();
  expect(ids).toEqual(users.map((u) => u.id).sort());
  expect(sent).toHaveLength(7);
  for (const [i, t] of sent.entries()) {
    const inWindow = sent.filter((u, j) => j >= i && u < t + 10_000).length;
    expect(inWindow, `requests in the 10 s from request ${i + 1}`).toBeLessThanOrEqual(5);
  }
});

test('API-driven inbound: the button says why it is not available', async ({ page, request }) => {
  const m = await manifest(request);
  const job = m.jobs.find((j) => j.templateId.toUpperCase().startsWith('API2AAD'));
  expect(job, 'the manifest has an API-driven inbound job').toBeTruthy();
  await page.goto(jobPath(job));
  const button = page.getByRole('button', { name: 'Provision on demand', exact: true });
  await expect(button).toBeDisabled();
  await expect(button).toHaveAccessibleDescription(/API-driven inbound/);
});

test('a group with up to 5 of its members is one request, one subject, by the group rule', async ({ page, request }) => {
  const m = await manifest(request);
  const job = runningJob(m);
  const group = m.directory.groups.find((g) => g.memberIds.length > 5);
  expect(group, 'the manifest has a group of more than 5 members').toBeTruthy();
  await clearRequestLog(request);
  const { dialog } = await openDialog(page, job);
  await dialog.getByRole('radio', { name: 'A group and its members' }).check();
  await dialog.getByRole('textbox', { name: 'Group' }).fill(group.id);
  await dialog.getByRole('button', { name: 'Find', exact: true }).click();
  const members = dialog.getByRole('group', { name: `Members of ${group.displayName} (up to 5)` }).getByRole('checkbox');
  await expect(members).toHaveCount(group.memberIds.length);
  for (let i = 0; i < 5; i++) await members.nth(i).check();
  await expect(members.nth(5)).toBeDisabled();
  const lookups = (await requestLog(request)).filter((r) => r.graph && r.path.includes('/groups/'));
  expect(lookups.map((r) => `${r.path.replace(/^\/v1\.0/, '')}?${r.query}`)).toEqual([
    `/groups/${group.id}?$select=id,displayName`,
    `/groups/${group.id}/members?$select=id,displayName,userPrincipalName&$top=100`,
  ]);
  await dialog.getByRole('button', { name: 'Provision', exact: true }).click();
  await expect(dialog.getByRole('status').filter({ hasText: '1 of 1 done' })).toBeVisible();
  const pods = (await requestLog(request)).filter(isPod);
  expect(pods).toHaveLength(1);
  const [parameter] = JSON.parse(pods[0].body).parameters;
  const schema = await (await graph(request, 'GET', `/servicePrincipals/${job.servicePrincipalId}/synchronization/jobs/${encodeURIComponent(job.id)}/schema`)).json();
  const groupRule = schema.synchronizationRules.find((r) => r.objectMappings.some((o) => o.sourceObjectName === 'Group'));
  expect(parameter.ruleId).toBe(groupRule.id);
  expect(parameter.subjects).toHaveLength(1);
  expect(parameter.subjects[0].objectId).toBe(group.id);
  expect(parameter.subjects[0].objectTypeName).toBe('Group');
  expect(parameter.subjects[0].links.members.map((s) => s.objectId)).toEqual(group.memberIds.slice(0, 5));
  expect(pods[0].status).toBe(200);
  await expect(dialog.getByRole('region', { name: group.displayName })).toContainText(/Succeeded|Skipped/);
});
