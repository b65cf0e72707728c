// The only JavaScript syncdeck has: a small shim over MSAL.js v5 (the UMD build, `globalThis.msal`,
// loaded by index.html from our own origin). It returns JSON strings and throws plain
// `{errorCode, message, interactionRequired}` objects, so the Rust side (src/auth/msal.rs) never
// touches MSAL's classes. Tests replace MSAL here: if `globalThis.__syncdeckMsalFake` is set, it
// is used instead of `globalThis.msal`.

let pca = null;
// Interactive calls are serialised app-wide: each waits for the previous one to settle.
let interactive = Promise.resolve();

const INTERACTION_CODES = new Set([
  'interaction_required', 'consent_required', 'login_required', 'no_tokens_found',
  'refresh_token_expired', 'bad_token', 'no_account_error', 'invalid_grant',
]);

function lib() {
  return globalThis.__syncdeckMsalFake ?? globalThis.msal;
}

function plainError(e) {
  const errorCode = (e && (e.errorCode || e.code)) || 'unknown_error';
  const M = lib();
  const interactionRequired =
    INTERACTION_CODES.has(errorCode) ||
    (M && M.InteractionRequiredAuthError && e instanceof M.InteractionRequiredAuthError);
  return { errorCode, message: String((e && (e.errorMessage || e.message)) || errorCode), interactionRequired: !!interactionRequired };
}

function account(a, active) {
  return {
    homeAccountId: a.homeAccountId, username: a.username || '', name: a.name || '',
    tenantId: a.tenantId || '', environment: a.environment || '',
    active: !!active && active.homeAccountId === a.homeAccountId,
  };
}

function state() {
  const active = pca.getActiveAccount();
  return JSON.stringify({ accounts: pca.getAllAccounts().map((a) => account(a, active)) });
}

/** initialize() then handleRedirectPromise(), before anything else. */
export async function msal_start(configJson) {
  const c = JSON.parse(configJson);
  const M = lib();
  if (!M || !M.PublicClientApplication) {
    throw { errorCode: 'msal_not_loaded', message: 'MSAL.js did not load (msal-browser.min.js).', interactionRequired: false };
  }
  try {
    const auth = { clientId: c.clientId, authority: c.authority, redirectUri: c.redirectUri, postLogoutRedirectUri: c.postLogoutRedirectUri };
    // Optional: an OpenID Connect server other than Entra, and discovery documents given in
    // config.json so that MSAL fetches none at start-up (README, "Configuration").
    if (c.knownAuthorities && c.knownAuthorities.length) auth.knownAuthorities = c.knownAuthorities;
    if (c.authorityMetadata) auth.authorityMetadata = c.authorityMetadata;
    if (c.cloudDiscoveryMetadata) auth.cloudDiscoveryMetadata = c.cloudDiscoveryMetadata;
    pca = new M.PublicClientApplication({
      auth,
      cache: { cacheLocation: c.cacheLocation },
      system: { protocolMode: c.protocolMode || 'AAD' },
    });
    await pca.initialize();
    const result = await pca.handleRedirectPromise();
    if (result && result.account) {
      pca.setActiveAccount(result.account);
    } else if (!pca.getActiveAccount() && pca.getAllAccounts().length > 0) {
      pca.setActiveAccount(pca.getAllAccounts()[0]);
    }
    return state();
  } catch (e) {
    throw plainError(e);
  }
}

export function msal_state() {
  return state();
}

export function msal_set_active(homeAccountId) {
  const a = pca.getAllAccounts().find((x) => x.homeAccountId === homeAccountId);
  if (a) pca.setActiveAccount(a);
  return state();
}

/** A token without interaction; `forceRefresh` after a 401. */
export async function msal_token_silent(scopesJson, forceRefresh) {
  const account = pca.getActiveAccount();
  if (!account) throw { errorCode: 'no_account_error', message: 'No account is signed in.', interactionRequired: true };
  try {
    const r = await pca.acquireTokenSilent({ scopes: JSON.parse(scopesJson), account, forceRefresh: !!forceRefresh });
    return r.accessToken;
  } catch (e) {
    throw plainError(e);
  }
}

/** Sign in, add an account, or consent to more scopes; must run from a click. */
export function msal_interactive(kind, scopesJson, prompt) {
  const run = async () => {
    const request = { scopes: JSON.parse(scopesJson) };
    if (prompt) request.prompt = prompt;
    const account = pca.getActiveAccount();
    if (account && !prompt) request.account = account;
    try {
      if (kind === 'popup') {
        const r = await pca.acquireTokenPopup(request);
        if (r && r.account) pca.setActiveAccount(r.account);
        return state();
      }
      await pca.acquireTokenRedirect(request);
      return state(); // the page navigates away
    } catch (e) {
      throw plainError(e);
    }
  };
  const next = interactive.then(run, run);
  interactive = next.catch(() => {});
  return next;
}

export async function msal_sign_out(kind) {
  const account = pca.getActiveAccount();
  try {
    if (kind === 'popup') {
      await pca.logoutPopup({ account });
    } else {
      await pca.logoutRedirect({ account });
    }
    return state();
  } catch (e) {
    throw plainError(e);
  }
}
