// End-to-end tests: Debian's Chromium drives the release build served by the emulator.
// `cargo xtask test` sets EMULATOR_BIN, SYNCDECK_DIST and E2E_PORT; Playwright starts the
// emulator before the tests and stops it after them.
import { defineConfig } from '@playwright/test';

const port = process.env.E2E_PORT ?? '18080';
const emulator = process.env.EMULATOR_BIN ?? '../../target/debug/syncdeck-emulator';
const dist = process.env.SYNCDECK_DIST ?? '../../dist';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.mjs',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  // One emulator and one request log: tests that read the log must not overlap.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: 'list',
  outputDir: '../../target/e2e-results',
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    browserName: 'chromium',
    headless: true,
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    },
  },
  webServer: {
    command: `"${emulator}" --addr 127.0.0.1:${port} --dist "${dist}"`,
    url: `http://127.0.0.1:${port}/_emulator/health`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
