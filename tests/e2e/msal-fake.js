// A fake MSAL.js for the end-to-end tests, installed before the app starts (page.addInitScript).
// The app's shim (js/msal-shim.js) uses `globalThis.__syncdeckMsalFake` instead of the real
// `globalThis.msal` when it is set. The scenario comes from `globalThis.__fakeMsalScenario`; its
// state survives reloads in sessionStorage; every call is recorded in `__fakeMsalCalls`.
(() => {
  const scenario = globalThis.__fakeMsalScenario || 'signed-in';
  const KEY = 'fake-msal-state';
  const load = () => JSON.parse(sessionStorage.getItem(KEY) || 'null');
  const save = (s) => sessionStorage.setItem(KEY, JSON.stringify(s));
  const ACCOUNT = (n, tenant) => ({
    homeAccountId: `uid${n}.${tenant}`, username: `admin${n}@contoso.example`, name: `Admin ${n}`,
    tenantId: tenant, environment: 'login.microsoftonline.com',
  });
  // These scenarios start on the sign-in screen.
  const signedOut = ['no-account', 'popup-blocked', 'user-cancelled'].includes(scenario);
  let st = load();
  if (!st) {
    st = {
      accounts: signedOut ? [] : [ACCOUNT(1, '11111111-1111-1111-1111-111111111111')],
      active: signedOut ? null : 'uid1.11111111-1111-1111-1111-111111111111',
      interacted: false, silentCalls: 0, pendingRedirect: false,
    };
    save(st);
  }
  const calls = (globalThis.__fakeMsalCalls = JSON.parse(sessionStorage.getItem('fake-msal-calls') || '[]'));
  const record = (name, arg) => {
    calls.push({ name, arg });
    sessionStorage.setItem('fake-msal-calls', JSON.stringify(calls));
  };
  const fail = (errorCode) => {
    const e = new Error(`See https://aka.ms/msal.js.errors#${errorCode} for details`);
    e.errorCode = errorCode;
    return e;
  };
  const interactive = (request) => {
    if (scenario === 'popup-blocked') throw fail('popup_window_error');
    if (scenario === 'user-cancelled') throw fail('user_cancelled');
    st.interacted = true;
    if (request.prompt === 'select_account' && st.accounts.length > 0) {
      st.accounts.push(ACCOUNT(st.accounts.length + 1, '22222222-2222-2222-2222-222222222222'));
    } else if (st.accounts.length === 0) {
      st.accounts.push(ACCOUNT(1, '11111111-1111-1111-1111-111111111111'));
    }
    const account = st.accounts[st.accounts.length - 1];
    if (request.prompt === 'select_account' || !st.active) st.active = account.homeAccountId;
    save(st);
    return { account, accessToken: 'syncdeck-demo-token', scopes: request.scopes };
  };
  class PublicClientApplication {
    constructor(config) { record('constructor', config); }
    async initialize() { record('initialize'); }
    async handleRedirectPromise() {
      record('handleRedirectPromise');
      if (!st.pendingRedirect) return null;
      st.pendingRedirect = false;
      save(st);
      const account = st.accounts.find((a) => a.homeAccountId === st.active);
      return { account };
    }
    getAllAccounts() { return st.accounts; }
    getActiveAccount() { return st.accounts.find((a) => a.homeAccountId === st.active) || null; }
    setActiveAccount(a) { st.active = a ? a.homeAccountId : null; save(st); }
    async acquireTokenSilent(request) {
      st.silentCalls += 1;
      save(st);
      record('acquireTokenSilent', { scopes: request.scopes, forceRefresh: !!request.forceRefresh });
      if (scenario === 'interaction-required' && !st.interacted) throw fail('interaction_required');
      if (scenario === 'consent-for-write' && !st.interacted && request.scopes.some((s) => s.endsWith('ReadWrite.All'))) {
        throw fail('consent_required');
      }
      // 'expired': the cached token is expired until a forced renewal; then MSAL caches the new one.
      if (scenario === 'expired' && request.forceRefresh) {
        st.renewed = true;
        save(st);
      }
      if (scenario === 'expired' && !st.renewed) return { accessToken: 'expired-token' };
      if (scenario === 'expired-write' && request.scopes.some((s) => s.endsWith('ReadWrite.All')) && !request.forceRefresh && !st.renewedWrite) {
        return { accessToken: 'expired-token' };
      }
      if (scenario === 'expired-write' && request.forceRefresh) {
        st.renewedWrite = true;
        save(st);
      }
      return { accessToken: 'syncdeck-demo-token', account: request.account };
    }
    async acquireTokenPopup(request) {
      record('acquireTokenPopup', { scopes: request.scopes, prompt: request.prompt || '' });
      return interactive(request);
    }
    async acquireTokenRedirect(request) {
      record('acquireTokenRedirect', { scopes: request.scopes, prompt: request.prompt || '' });
      interactive(request);
      st.pendingRedirect = true;
      save(st);
      location.reload();
      await new Promise(() => {});
    }
    async logoutPopup() { record('logoutPopup'); st.accounts = []; st.active = null; save(st); }
    async logoutRedirect() { record('logoutRedirect'); st.accounts = []; st.active = null; save(st); location.reload(); }
  }
  globalThis.__syncdeckMsalFake = { PublicClientApplication };
})();
