// The Content-Security-Policy the sign-in tests run under (tests/e2e/signin.spec.mjs).
import { readFileSync } from 'node:fs';

/**
 * The Content-Security-Policy of the deployment samples (deploy/cdn/_headers), with the OpenID
 * Connect server's origin added to `connect-src`: the enforcing emulator serves the app with it.
 * (Rewriting the header in the browser with `route.fulfill` would not do: Chromium then treats the
 * page as coming from no address, and its Local Network Access checks refuse MSAL's token request
 * to the loopback server.)
 */
export function signInPolicy(oidcOrigin) {
  const headers = readFileSync(new URL('../../deploy/cdn/_headers', import.meta.url), 'utf8');
  const csp = headers.match(/Content-Security-Policy:\s*(.+)/)[1].trim();
  return csp.replace("connect-src 'self' ", `connect-src 'self' ${oidcOrigin} `);
}
