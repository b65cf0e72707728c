// `cargo xtask bench`: the fleet scan and the filter, timed in headless Chromium against a
// running syncdeck-emulator. xtask starts the emulator (one per scenario), runs this script and
// checks what it prints against the emulator's own request log.
//
//   node tests/bench/scan.mjs --base http://127.0.0.1:18300/ --apps 5000 --runs 5 \
//        --out target/bench/scan-5000 [--keystrokes 3] [--timeout-ms 180000] \
//        [--truth count|manifest] [--heap 1] [--emulator-pid PID]
//
// Per run: clear the emulator (POST /_emulator/reset: tenant, clock, faults and log as started),
// open a fresh browser context (no remembered apps), navigate to the app and wait for the
// progressbar to say "Scanned all N apps". The page records, frame by frame, when the first card
// was on screen and when the scan was done (see INSTRUMENT). Every Graph request the browser
// sent is counted here; the emulator's request log of the run is saved to <out>/run-<i>.json
// for xtask to count independently. Before the runs, the jobs the emulator holds are counted
// straight from its Graph (no $batch, no latency), so the app's "<N> jobs" can be checked
// (`--truth count`, the default). For large tenants, under a request budget (--rate-limit) or
// the fault storm that count would take minutes or be throttled and broken itself, so xtask asks
// for `--truth manifest`: the emulator's own counts (GET /_emulator/manifest → counts.apps,
// counts.jobs, crates/emulator/src/manifest.rs). With `--heap 1` each run also measures the
// page's JS heap after the scan, after a forced garbage collection (DevTools protocol), and the
// size of the app's wasm memory. A run that does not say "Scanned all N apps" within
// --timeout-ms is reported as timed out (with the progressbar's text and its log), and the
// scenario's remaining runs are not made.
//
// Prints one JSON object on stdout (the last line); progress goes to stderr.
import { admin, freshPage, launchChromium } from './common.mjs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const TOKEN = 'syncdeck-demo-token';

function parseArgs(argv) {
  const args = { runs: 5, keystrokes: 0, timeout: 180_000, truth: 'count', heap: false };
  for (let i = 0; i < argv.length; i += 2) {
    const [k, v] = [argv[i], argv[i + 1]];
    if (k === '--base') args.base = v.endsWith('/') ? v : `${v}/`;
    else if (k === '--apps') args.apps = Number(v);
    else if (k === '--runs') args.runs = Number(v);
    else if (k === '--out') args.out = v;
    else if (k === '--keystrokes') args.keystrokes = Number(v);
    else if (k === '--timeout-ms') args.timeout = Number(v);
    else if (k === '--emulator-pid') args.emulatorPid = Number(v);
    else if (k === '--truth') args.truth = v;
    else if (k === '--heap') args.heap = v === '1' || v === 'true';
    else throw new Error(`unknown option ${k}`);
  }
  if (!args.base || !args.apps || !args.out) throw new Error('--base, --apps and --out are required');
  if (!['count', 'manifest'].includes(args.truth)) throw new Error('--truth is count or manifest');
  return args;
}

const log = (...a) => console.error('bench:', ...a);

/** CPU seconds the emulator process has used so far (user + system), or null. */
function emulatorCpu(pid) {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat (1-based), in clock ticks (100 per second).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

async function graphGet(base, path) {
  for (let attempt = 0; attempt < 10; attempt++) {
    const res = await fetch(new URL(path.replace(/^\//, ''), base), {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    if (res.ok) return res.json();
    if (res.status !== 429 && res.status < 500) throw new Error(`GET ${path}: ${res.status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`GET ${path}: no answer after 10 attempts`);
}

/** Every job of the tenant, counted one app at a time (no $batch), faults off. */
async function emulatorJobs(base) {
  await admin(base, 'DELETE', '_emulator/faults');
  const sps = [];
  let next = 'v1.0/servicePrincipals?$top=999&$select=id';
  while (next) {
    const page = await graphGet(base, next);
    sps.push(...page.value.map((s) => s.id));
    const link = page['@odata.nextLink'];
    next = link ? link.slice(link.indexOf('/v1.0/') + 1) : null;
  }
  let jobs = 0;
  let at = 0;
  const worker = async () => {
    while (at < sps.length) {
      const id = sps[at++];
      let path = `v1.0/servicePrincipals/${encodeURIComponent(id)}/synchronization/jobs`;
      while (path) {
        const page = await graphGet(base, path);
        jobs += page.value.length;
        const link = page['@odata.nextLink'];
        path = link ? link.slice(link.indexOf('/v1.0/') + 1) : null;
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return { servicePrincipals: sps.length, jobs, source: 'count' };
}

/** The apps and jobs of the tenant as the emulator itself counts them (its manifest). */
async function manifestJobs(base) {
  const { counts } = await admin(base, 'GET', '_emulator/manifest');
  return { servicePrincipals: counts.apps, jobs: counts.jobs, source: 'manifest' };
}

/**
 * The page's JS heap after a forced garbage collection, in bytes (DevTools protocol), and the
 * size of the app's wasm memory, which the JS heap does not count: the app's own data (Rust)
 * lives there, and a wasm memory only grows, so its size is the high-water mark of the scan.
 */
async function heapAfterGc(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize, totalSize } = await cdp.send('Runtime.getHeapUsage');
    const wasmBytes = await page.evaluate(() => window.__bench.wasmMemory?.buffer.byteLength ?? null);
    return { usedBytes: usedSize, totalBytes: totalSize, wasmBytes };
  } finally {
    await cdp.detach();
  }
}

const heapText = (h) =>
  `JS heap ${(h.usedBytes / 1e6).toFixed(1)} of ${(h.totalBytes / 1e6).toFixed(1)} MB, wasm memory ${(h.wasmBytes / 1e6).toFixed(1)} MB`;

// Runs in the page before the app: notes the first frame with a status card inside the viewport
// and the first frame where the progressbar says the scan is done. Each time is taken after that
// frame was painted (a message posted from the rAF callback runs after the frame's paint), in ms
// since navigation start. The check runs in the frame after each change of the page (a
// MutationObserver asks for one animation frame), never in a loop of its own: a rAF loop
// made Chromium produce (and lay out) a frame every 16 ms during the whole scan, work the app
// alone would not cause, and slowed the scan it measured by about a third.
const INSTRUMENT = () => {
  const b = (window.__bench = { firstCard: null, done: null, doneText: null, keys: [], wasmMemory: null });
  // trunk's boot script announces the started app with its wasm exports (dist/boot-*.js).
  addEventListener('TrunkApplicationStarted', (e) => (b.wasmMemory = e.detail?.wasm?.memory ?? null));
  const afterPaint = (fn) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => fn(performance.now());
    ch.port2.postMessage(null);
  };
  let asked = false;
  let observer = null;
  const frame = () => {
    asked = false;
    if (b.firstCard === null) {
      const card = document.querySelector('article');
      if (card) {
        const r = card.getBoundingClientRect();
        if (r.bottom > 0 && r.top < innerHeight && r.height > 0) {
          b.firstCard = -1;
          afterPaint((t) => (b.firstCard = t));
        }
      }
    }
    if (b.done === null) {
      const bar = document.querySelector('[role=progressbar][aria-label="Apps scanned"]');
      const text = bar && bar.getAttribute('aria-valuetext');
      if (text && text.startsWith('Scanned all ')) {
        b.done = -1;
        b.doneText = text;
        afterPaint((t) => (b.done = t));
      }
    }
    if (b.firstCard !== null && b.done !== null && observer) observer.disconnect();
  };
  const changed = () => {
    if (!asked) {
      asked = true;
      requestAnimationFrame(frame);
    }
  };
  observer = new MutationObserver(changed);
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  changed();
  // Keystroke → repaint: from the key event's timestamp to after the next frame's paint.
  document.addEventListener(
    'keydown',
    (e) => {
      const t0 = e.timeStamp;
      requestAnimationFrame(() => afterPaint((t) => b.keys.push({ key: e.key, ms: t - t0 })));
    },
    true,
  );
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function oneRun(browser, args, i) {
  const { context, page, problems } = await freshPage(browser, args.base, INSTRUMENT);
  // Every Graph request the browser sends (the log must agree with this count).
  const sent = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    // The scan's requests only: the fleet's diagnosis loads (Recent failures, the chart) start
    // after the first card and are benched on their own (tests/bench/logs.mjs).
    if (/^\/(v1\.0|beta)\//.test(u.pathname) && !u.pathname.endsWith('/auditLogs/provisioning')) sent.push(`${r.method()} ${u.pathname}`);
  });
  const cpuBefore = emulatorCpu(args.emulatorPid);
  const started = Date.now();
  await page.goto(args.base, { waitUntil: 'commit' });
  // A scan that does not finish in time is reported (its progress, its log), not thrown: xtask
  // fails the bench for it and still runs and reports the other scenarios.
  let timedOut = false;
  try {
    await page.waitForFunction(() => window.__bench.done > 0, null, {
      timeout: args.timeout,
      polling: 50,
    });
  } catch (e) {
    if (e.name !== 'TimeoutError') throw e;
    // Done at the very deadline counts as done.
    timedOut = !(await page.evaluate(() => window.__bench.done > 0));
  }
  const wallMs = Date.now() - started;
  const cpuAfter = emulatorCpu(args.emulatorPid);
  const emulatorCpuMs = cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) * 1000;
  const sentAtDone = [...sent];
  const logEntries = await admin(args.base, 'GET', '_emulator/requests');
  const file = join(args.out, `run-${i}.json`);
  writeFileSync(file, JSON.stringify(logEntries));
  const page_ = await page.evaluate(() => {
    const b = window.__bench;
    const summary = document.querySelector('.sd-fleet__summary')?.textContent ?? '';
    const bar = document.querySelector('[role=progressbar][aria-label="Apps scanned"]');
    const graph = performance
      .getEntriesByType('resource')
      .filter((e) => /\/(v1\.0|beta)\//.test(e.name));
    const pages = graph.filter((e) => e.name.includes('/servicePrincipals?'));
    const batches = graph.filter((e) => e.name.includes('$batch'));
    const nav = performance.getEntriesByType('navigation')[0];
    return {
      firstCardMs: b.firstCard,
      doneMs: b.done,
      doneText: b.doneText,
      summary,
      progressText: bar?.getAttribute('aria-valuetext') ?? null,
      valueNow: bar?.getAttribute('aria-valuenow'),
      valueMax: bar?.getAttribute('aria-valuemax'),
      articles: document.querySelectorAll('article').length,
      firstGraphMs: graph.length ? Math.min(...graph.map((e) => e.startTime)) : null,
      pageMs: pages.map((e) => e.duration),
      batchMs: batches.map((e) => e.duration),
      domContentLoadedMs: nav?.domContentLoadedEventEnd ?? null,
      loadMs: nav?.loadEventEnd ?? null,
    };
  });
  // After the scan and before anything else (the keystrokes come after the last run).
  const heap = args.heap && !timedOut ? await heapAfterGc(page) : null;
  // "1,096 jobs: …": the count as the browser's Intl.NumberFormat writes it in English.
  const jobs = Number((page_.summary.match(/^([\d,]+) jobs?\b/) ?? [])[1]?.replaceAll(',', '') ?? NaN);
  const run = {
    run: i,
    timedOut,
    timeoutMs: args.timeout,
    wallMs,
    emulatorCpuMs,
    ...page_,
    summaryJobs: jobs,
    graphRequestsSent: sentAtDone.length,
    pagesSent: sentAtDone.filter((s) => s.startsWith('GET ') && s.endsWith('/servicePrincipals')).length,
    batchesSent: sentAtDone.filter((s) => s.startsWith('POST ') && s.endsWith('/$batch')).length,
    log: file,
    heap,
    problems,
  };
  if (timedOut) {
    log(`apps ${args.apps} run ${i}: not done after ${args.timeout} ms: ${JSON.stringify(run.progressText)}`);
    return { run, page, context };
  }
  log(
    `apps ${args.apps} run ${i}: done ${run.doneMs.toFixed(0)} ms, first card ${run.firstCardMs?.toFixed(0)} ms,`,
    `${run.graphRequestsSent} requests, ${run.summaryJobs} jobs${heap ? `, ${heapText(heap)}` : ''}`,
  );
  return { run, page, context };
}

/** Types into the filter with every card shown: narrowing ("slack") then widening (Backspace). */
async function keystrokes(page, cycles) {
  const box = page.getByRole('searchbox', { name: 'Filter jobs' });
  await box.scrollIntoViewIfNeeded();
  await box.click();
  await page.evaluate(() => (window.__bench.keys = []));
  const settle = () => page.waitForTimeout(400);
  const word = 'slack';
  const shown = [];
  for (let c = 0; c < cycles; c++) {
    for (const ch of word) {
      await page.keyboard.press(ch);
      await settle();
      shown.push(await page.locator('.sd-fleet__shown').textContent());
    }
    for (let k = 0; k < word.length; k++) {
      await page.keyboard.press('Backspace');
      await settle();
    }
  }
  const keys = await page.evaluate(() => window.__bench.keys);
  const value = await box.inputValue();
  return {
    narrow: keys.filter((k) => k.key !== 'Backspace').map((k) => k.ms),
    widen: keys.filter((k) => k.key === 'Backspace').map((k) => k.ms),
    lastNarrowShown: shown[word.length - 1] ?? null,
    finalValue: value,
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  mkdirSync(args.out, { recursive: true });
  const truth = args.truth === 'manifest' ? await manifestJobs(args.base) : await emulatorJobs(args.base);
  log(`emulator holds ${truth.servicePrincipals} service principals, ${truth.jobs} jobs (${truth.source})`);
  await admin(args.base, 'POST', '_emulator/reset');
  const faults = await admin(args.base, 'GET', '_emulator/faults');
  const browser = await launchChromium();

  const runs = [];
  let keys = null;
  try {
    for (let i = 1; i <= args.runs; i++) {
      const { run, page, context } = await oneRun(browser, args, i);
      runs.push(run);
      if (run.timedOut) {
        // The next runs would wait as long again: xtask reports the runs not made.
        await context.close();
        break;
      }
      if (i === args.runs && args.keystrokes > 0) {
        keys = await keystrokes(page, args.keystrokes);
        log(
          `keystroke → repaint: narrowing median ${median(keys.narrow).toFixed(1)} ms,`,
          `widening median ${median(keys.widen).toFixed(1)} ms`,
        );
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify({ apps: args.apps, faults, emulator: truth, runs, keystrokes: keys }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
