// End-to-end tests: Debian's Chromium drives the release build served by the emulator.
// `cargo xtask test` sets EMULATOR_BIN, SYNCDECK_DIST, E2E_PORT, E2E_OIDC_PORT and E2E_AUTH_PORT;
// Playwright starts, before the tests, and stops, after them: the emulator in token mode (most
// tests), a real OpenID Connect server (tests/e2e/oidc-server.mjs), and a second emulator that
// enforces that server's tokens and their scopes (`--oidc-issuer`, for tests/e2e/signin.spec.mjs).
import { defineConfig } from '@playwright/test';
import { signInPolicy } from './policy.mjs';

const port = process.env.E2E_PORT ?? '18080';
const emulator = process.env.EMULATOR_BIN ?? '../../target/debug/syncdeck-emulator';
const dist = process.env.SYNCDECK_DIST ?? '../../dist';
const oidcPort = process.env.E2E_OIDC_PORT ?? '18081';
const authPort = process.env.E2E_AUTH_PORT ?? '18082';

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
  webServer: [
    {
      command: `"${emulator}" --addr 127.0.0.1:${port} --dist "${dist}"`,
      url: `http://127.0.0.1:${port}/_emulator/health`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
    {
      command: `node oidc-server.mjs --port ${oidcPort}`,
      url: `http://127.0.0.1:${oidcPort}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
    {
      command: `"${emulator}" --addr 127.0.0.1:${authPort} --dist "${dist}" --oidc-issuer http://127.0.0.1:${oidcPort} --content-security-policy "${signInPolicy(`http://127.0.0.1:${oidcPort}`)}"`,
      url: `http://127.0.0.1:${authPort}/_emulator/health`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
  ],
});
