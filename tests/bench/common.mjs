// What the bench scripts share: headless Chromium as the bench runs it, and the emulator's admin
// API (`/_emulator/...`).
import { chromium } from '@playwright/test';

/** Headless Chromium with the flags this machine needs (no sandbox as root, no background traffic). */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** One call of the emulator's admin API; its JSON answer (null for 204). */
export async function admin(base, method, path, body) {
  const res = await fetch(new URL(path, base), {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status}`);
  return res.status === 204 ? null : res.json();
}

/**
 * One run's start: the emulator reset (tenant, clock, faults, log), a fresh browser context (no
 * remembered apps) at 1280×800, its page with `instrument` run before the app and its page
 * errors collected in `problems`.
 */
export async function freshPage(browser, base, instrument) {
  await admin(base, 'POST', '_emulator/reset');
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e}`));
  await page.addInitScript(instrument);
  return { context, page, problems };
}
