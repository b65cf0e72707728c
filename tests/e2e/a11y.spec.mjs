// Accessibility: axe-core (npm, pinned) with its WCAG 2.0, 2.1 and 2.2 A and AA rules on every
// page (fleet, app, job with its provisioning logs open, sign-in) and every dialog (Restart, Delete,
// New job, bulk start, a provisioning event, Provision on demand with a result), in the
// light and the dark color scheme. Any serious or critical violation fails the test with the
// rule, its help text and the offending elements.
import { test, expect } from '@playwright/test';
import {
  aJob, expectAccessible, jobCount, manifest, notConfiguredJob, pausedJob, resetEmulator, runningJob, serveConfig,
} from './support.mjs';

test.afterEach(async ({ request }) => {
  await resetEmulator(request);
});

const card = (page, name) => page.getByRole('article', { name, exact: true });

for (const scheme of ['light', 'dark']) {
  test.describe(`${scheme} color scheme`, () => {
    test.use({ colorScheme: scheme });

    test('the fleet page, with its failure alerts and controls', async ({ page, request }) => {
      // The restricted app answers 403: the fleet lists the apps whose jobs could not be read.
      expect((await request.post('/_emulator/faults', { data: { forbiddenApp: true } })).ok()).toBeTruthy();
      const m = await manifest(request);
      expect(m.forbiddenApp?.visible, 'the forbidden app is listed with the fault on').toBe(true);
      await page.goto('/');
      await expect(page.getByRole('article')).toHaveCount(jobCount(m));
      await expect(page.locator('.sd-fleet__errors')).toContainText(m.forbiddenApp.displayName);
      await expectAccessible(page, `fleet (${scheme})`);
    });

    test('the app page and the job page', async ({ page, request }) => {
      // A running job, with a last run to show.
      const job = runningJob(await manifest(request));
      await page.goto(`/servicePrincipals/${job.servicePrincipalId}`);
      await expect(card(page, job.appName)).toHaveCount(1);
      await expectAccessible(page, `app page (${scheme})`);
      await page.goto(`/servicePrincipals/${job.servicePrincipalId}/jobs/${encodeURIComponent(job.id)}`);
      await expect(page.getByRole('table', { name: 'Last run' })).toBeVisible();
      await expectAccessible(page, `job page (${scheme})`);
      // Its settings and schema panel, open (a second wasm module, tests/e2e/settings.spec.mjs).
      await page.getByRole('button', { name: 'Show settings and schema' }).click();
      await expect(page.getByRole('spinbutton', { name: 'Deletion threshold' })).toBeEnabled();
      await expect(page.getByRole('button', { name: 'Download schema' })).toBeEnabled();
      await expectAccessible(page, `job page with its settings open (${scheme})`);
    });

    test('the provisioning logs, open with their filters and table, and an event\'s dialog', async ({ page, request }) => {
      const job = (await manifest(request)).jobs.find((j) => (j.logs?.total ?? 0) > 0);
      expect(job, 'a job with log events').toBeTruthy();
      await page.goto(`/servicePrincipals/${job.servicePrincipalId}/jobs/${encodeURIComponent(job.id)}`);
      const logs = page.getByRole('region', { name: 'Provisioning logs' });
      await logs.getByRole('button', { name: 'Show provisioning logs' }).click();
      await expect(logs.getByRole('table').getByRole('row').nth(1)).toBeVisible();
      await expect(page.getByRole('img', { name: /^Provisioning outcomes/ })).toBeVisible();
      await expectAccessible(page, `job page with its logs open (${scheme})`);
      await logs.getByRole('button', { name: /^Details/ }).first().click();
      const event = page.getByRole('dialog', { name: /^Provisioning event/ });
      await expect(event.getByRole('listitem').first()).toBeVisible();
      await expectAccessible(page, `provisioning event dialog (${scheme})`, '[role=dialog], dialog[open]');
    });

    test('the Provision on demand dialog, open and with a result step by step', async ({ page, request }) => {
      // The part "provision" of the on-demand module (tests/e2e/on-demand.spec.mjs).
      const m = await manifest(request);
      const job = runningJob(m);
      const [user] = m.directory.users.filter((u) => u.id !== m.directory.failingUser.id);
      await page.goto(`/servicePrincipals/${job.servicePrincipalId}/jobs/${encodeURIComponent(job.id)}`);
      await page.getByRole('button', { name: 'Provision on demand', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Provision on demand' });
      await expect(dialog.getByRole('textbox', { name: 'User' })).toBeFocused();
      await expect(dialog.getByRole('combobox', { name: 'Rule' }).locator('option')).not.toHaveCount(0);
      await expectAccessible(page, `Provision on demand dialog (${scheme})`, 'dialog[open]');
      await dialog.getByRole('textbox', { name: 'User' }).fill(`${user.userPrincipalName}\nnobody@contoso.com`);
      await dialog.getByRole('button', { name: 'Find', exact: true }).click();
      await expect(dialog.getByRole('list', { name: 'Users found' }).getByRole('listitem')).toHaveCount(2);
      await dialog.getByRole('button', { name: 'Provision', exact: true }).click();
      await expect(dialog.getByRole('region', { name: user.userPrincipalName }).getByRole('list', { name: 'Steps' })).toBeVisible();
      await expectAccessible(page, `Provision on demand dialog with a result (${scheme})`, 'dialog[open]');
    });

    test('the Restart and Delete dialogs', async ({ page, request }) => {
      const m = await manifest(request);
      const quarantined = aJob(m, 'a quarantined job', (j) => j.quarantined);
      await page.goto('/');
      await expect(page.getByRole('article')).toHaveCount(jobCount(m));
      await card(page, quarantined.appName).getByRole('button', { name: 'Restart', exact: true }).click();
      const restart = page.getByRole('dialog', { name: /Restart/ });
      await expect(restart).toBeVisible();
      await expectAccessible(page, `Restart dialog (${scheme})`, '[role=dialog], dialog[open]');
      await restart.getByRole('button', { name: 'Cancel' }).click();
      await expect(restart).toBeHidden();
      await card(page, quarantined.appName).getByRole('button', { name: 'Delete', exact: true }).click();
      const del = page.getByRole('dialog', { name: /Delete/ });
      await expect(del).toBeVisible();
      await expectAccessible(page, `Delete dialog (${scheme})`, '[role=dialog], dialog[open]');
    });

    test('the New job and bulk start dialogs', async ({ page, request }) => {
      const m = await manifest(request);
      // A paused job to start, and a running one the dialog skips.
      const selected = [pausedJob(m), runningJob(m)];
      await page.goto('/');
      await expect(page.getByRole('article')).toHaveCount(jobCount(m));
      for (const job of selected) {
        await card(page, job.appName).getByRole('checkbox', { name: /^Select/ }).check();
      }
      await page.getByRole('button', { name: 'Start selected' }).click();
      const startable = selected.filter((j) => !j.running).length;
      const bulk = page.getByRole('dialog', { name: `Start ${startable} of the selected jobs` });
      await expect(bulk).toBeVisible();
      await expectAccessible(page, `bulk start dialog (${scheme})`, '[role=dialog], dialog[open]');
      await page.goto(`/servicePrincipals/${notConfiguredJob(m).servicePrincipalId}`);
      await page.getByRole('button', { name: 'New job' }).click();
      const create = page.getByRole('dialog', { name: 'New provisioning job' });
      await expect(create.getByRole('combobox', { name: 'Template' })).toBeVisible();
      await expectAccessible(page, `New job dialog (${scheme})`, '[role=dialog], dialog[open]');
    });

    test('the sign-in screen and a configuration error', async ({ page }) => {
      await serveConfig(page, { cloud: 'mars', auth: { mode: 'msal', clientId: '00000000-0000-0000-0000-000000000000' } });
      await page.goto('/');
      await expect(page.getByRole('alert')).toContainText('cloud');
      await expectAccessible(page, `configuration error (${scheme})`);
      await page.unroute('**/config.json');
      await serveConfig(page, { graphBaseUrl: 'http://127.0.0.1:1', auth: { mode: 'msal', clientId: '00000000-0000-0000-0000-000000000000' } });
      await page.goto('/');
      await expect(page.getByRole('heading', { name: 'Sign in to syncdeck' })).toBeVisible();
      await expectAccessible(page, `sign-in screen (${scheme})`);
    });
  });
}
