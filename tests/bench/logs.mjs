// `cargo xtask bench`: the job page's provisioning logs, timed in headless Chromium against a
// running syncdeck-emulator (demo tenant, 50 ms latency; xtask starts it).
//
//   node tests/bench/logs.mjs --base http://127.0.0.1:18300/ --runs 5 --out target/bench/logs
//
// Per run: reset the emulator, open the job page of the demo job with the most log events (from
// the emulator's manifest), wait until the page has settled (the job shown, no request in
// flight), clear the emulator's request log, then open the "Provisioning logs" section and time
// the opening (the click's event time) → the first paint with a row of events in the section's
// table. The request log after the opening is saved to <out>/run-<i>.json for xtask to check.
//
// Prints one JSON object on stdout (the last line); progress goes to stderr.
import { admin, freshPage, launchChromium } from './common.mjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function parseArgs(argv) {
  const args = { runs: 5 };
  for (let i = 0; i < argv.length; i += 2) {
    const [k, v] = [argv[i], argv[i + 1]];
    if (k === '--base') args.base = v.endsWith('/') ? v : `${v}/`;
    else if (k === '--runs') args.runs = Number(v);
    else if (k === '--out') args.out = v;
    else throw new Error(`unknown option ${k}`);
  }
  if (!args.base || !args.out) throw new Error('--base and --out are required');
  return args;
}

const log = (...a) => console.error('bench:', ...a);

// Runs in the page: the time of the first paint where the logs region's table has a data row
// (a message posted from the rAF callback runs after the frame's paint), and the time of the
// click that opened the section (the event's own timeStamp), both in ms since navigation start.
const INSTRUMENT = () => {
  const b = (window.__logs = { opened: null, firstRow: null });
  document.addEventListener('click', (e) => {
    if (b.opened === null && window.__logsArmed) b.opened = e.timeStamp;
  }, true);
  const rowShown = () => {
    for (const region of document.querySelectorAll('section')) {
      const id = region.getAttribute('aria-labelledby');
      const title = id && document.getElementById(id);
      if (title && title.textContent.trim() === 'Provisioning logs') {
        return region.querySelector('table tbody tr') !== null;
      }
    }
    return false;
  };
  new MutationObserver(() => {
    if (b.firstRow !== null || b.opened === null || !rowShown()) return;
    b.firstRow = -1;
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => (b.firstRow = performance.now());
      ch.port2.postMessage(null);
    });
  }).observe(document, { childList: true, subtree: true });
};

async function openLogs(page) {
  const region = page.getByRole('region', { name: 'Provisioning logs' });
  const opener = region.getByRole('button', { name: /provisioning logs/i })
    .or(region.locator('summary'));
  await opener.first().click();
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  mkdirSync(args.out, { recursive: true });
  const manifest = await admin(args.base, 'GET', '_emulator/manifest');
  let busiest = null;
  for (const app of manifest.apps) {
    for (const job of app.jobs) {
      const total = job.logs?.total ?? 0;
      if (!busiest || total > busiest.total) {
        busiest = { sp: app.servicePrincipalId, job: job.id, total, name: app.displayName };
      }
    }
  }
  if (!busiest || busiest.total === 0) throw new Error('the demo tenant has no job with log events');
  log(`job ${busiest.job} of ${busiest.name}: ${busiest.total} events`);
  const path = `servicePrincipals/${encodeURIComponent(busiest.sp)}/jobs/${encodeURIComponent(busiest.job)}`;
  const browser = await launchChromium();

  const runs = [];
  try {
    for (let i = 1; i <= args.runs; i++) {
      const { context, page, problems } = await freshPage(browser, args.base, INSTRUMENT);
      await page.goto(new URL(path, args.base).href);
      await page.getByRole('region', { name: 'Provisioning logs' }).waitFor();
      await page.waitForLoadState('networkidle');
      await admin(args.base, 'DELETE', '_emulator/requests');
      await page.evaluate(() => (window.__logsArmed = true));
      await openLogs(page);
      await page.waitForFunction(() => window.__logs.firstRow > 0, null, { timeout: 30_000 });
      const { opened, firstRow } = await page.evaluate(() => window.__logs);
      const entries = await admin(args.base, 'GET', '_emulator/requests');
      const file = join(args.out, `run-${i}.json`);
      writeFileSync(file, JSON.stringify(entries));
      if (problems.length) throw new Error(problems.join('; '));
      const ms = firstRow - opened;
      log(`run ${i}: opening → first row ${ms.toFixed(0)} ms`);
      runs.push({ openToFirstRowMs: ms, log: file });
      await context.close();
    }
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify({ job: busiest.job, events: busiest.total, runs }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
