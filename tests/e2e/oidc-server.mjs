// A real OpenID Connect server for the end-to-end tests: npm `oauth2-mock-server` (pinned in
// package-lock.json) on 127.0.0.1, with RS256 keys made at start. The real `@azure/msal-browser`
// signs in against it (tests/e2e/signin.spec.mjs), and `syncdeck-emulator --oidc-issuer` checks its
// tokens against its JWKS.
//
// What it adds to the library, through its event hooks and custom routes
// (https://github.com/axa-group/oauth2-mock-server#event-hooks):
// - access tokens as Microsoft Graph gets them: `aud` = the resource of the scopes asked for (the
//   cloud's Graph root), `scp` = those scopes without the resource prefix, space-separated, and
//   `tid`, `oid`, `preferred_username`, `name` of the signed-in user;
// - two users (`admin1`, `admin2`); `/authorize` signs in the one chosen with `POST /_test/settings`
//   (there is no login page), and codes and refresh tokens stay bound to their user;
// - a token lifetime the test chooses (`lifetime`: the JWT's `exp` - `iat`; `expiresIn`: what the
//   token answer tells MSAL, by default the same);
// - permissions it withholds (`withhold`: consent that an administrator never granted): left out
//   of `scp` and of the answer's `scope`, as Entra grants only what was consented;
// - a log of what it saw: every `/authorize` and `/token` request with its grant and scopes, and the
//   tokens it issued, at `GET /_test/log` (`DELETE` clears it; `POST /_test/reset` resets all).
//
// Usage: node tests/e2e/oidc-server.mjs --port 18081. Stops on SIGTERM or SIGINT.
import { OAuth2Server, Events } from 'oauth2-mock-server';

const args = process.argv.slice(2);
const port = Number(args[args.indexOf('--port') + 1] || process.env.E2E_OIDC_PORT || 18081);

/** The directory the server knows. Ids are fixed so tests and the closing note can name them. */
export const USERS = {
  admin1: {
    oid: 'aaaaaaaa-0000-4000-8000-000000000001',
    tid: '11111111-1111-1111-1111-111111111111',
    preferred_username: 'admin1@contoso.example',
    name: 'Avery Admin',
  },
  admin2: {
    oid: 'aaaaaaaa-0000-4000-8000-000000000002',
    tid: '22222222-2222-2222-2222-222222222222',
    preferred_username: 'admin2@fabrikam.example',
    name: 'Blake Admin',
  },
};

const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
const DEFAULT_SETTINGS = { user: 'admin1', lifetime: 3600, expiresIn: null, withhold: [] };

let settings = { ...DEFAULT_SETTINGS };
let log = [];
const codeUser = new Map();
const refreshUser = new Map();

/** `https://graph.microsoft.com/Synchronization.Read.All` → resource and permission. */
function splitScope(scope) {
  const m = /^(https?:\/\/[^/]+)\/(.+)$/.exec(scope);
  return m ? { resource: m[1], permission: m[2] } : { resource: null, permission: scope };
}

/** The scopes granted of those asked for: all but the withheld permissions. */
function granted(scopeText) {
  return String(scopeText || '').split(/\s+/).filter((s) => s && !settings.withhold.includes(splitScope(s).permission));
}

function graphPart(scopeText) {
  const scopes = granted(scopeText).filter((s) => !OIDC_SCOPES.has(s));
  const parts = scopes.map(splitScope);
  return {
    aud: parts.find((p) => p.resource)?.resource ?? 'https://graph.microsoft.com',
    scp: parts.map((p) => p.permission).join(' '),
  };
}

const server = new OAuth2Server();
await server.issuer.keys.generate('RS256');
const service = server.service;

service.on(Events.BeforeAuthorizeRedirect, (redirect, req) => {
  const url = new URL(req.url, `http://127.0.0.1:${port}`);
  const code = redirect.url.searchParams.get('code');
  if (code) codeUser.set(code, settings.user);
  log.push({
    endpoint: 'authorize',
    user: settings.user,
    scope: url.searchParams.get('scope') ?? '',
    prompt: url.searchParams.get('prompt') ?? null,
    at: Date.now(),
  });
});

/** The user a token request is for: its code's, or its refresh token's. */
function requestUser(body) {
  if (body.grant_type === 'authorization_code') return codeUser.get(body.code) ?? settings.user;
  if (body.grant_type === 'refresh_token') return refreshUser.get(body.refresh_token) ?? null;
  return null;
}

service.on(Events.BeforeTokenSigning, (token, req) => {
  const body = req.body ?? {};
  const name = requestUser(body);
  const user = USERS[name] ?? USERS.admin1;
  const claims = { sub: user.oid, oid: user.oid, tid: user.tid, preferred_username: user.preferred_username, name: user.name };
  if ('scope' in token.payload) {
    // The access token: for Graph, with the Graph permissions asked for.
    const { aud, scp } = graphPart(body.scope);
    delete token.payload.scope;
    Object.assign(token.payload, claims, { aud, scp, exp: token.payload.iat + settings.lifetime });
  } else {
    // The id token: the library already set `aud` (the client id) and the `nonce` of the code.
    Object.assign(token.payload, claims);
  }
});

service.on(Events.BeforeResponse, (response, req) => {
  const body = req.body ?? {};
  let name = requestUser(body);
  if (response.statusCode === 200 && body.grant_type === 'refresh_token' && name === null) {
    // A refresh token this server never issued (or issued before a reset): refused, as Entra does.
    response.statusCode = 400;
    response.body = { error: 'invalid_grant', error_description: 'unknown refresh token' };
  }
  if (response.statusCode === 200) {
    name = name ?? settings.user;
    response.body.expires_in = settings.expiresIn ?? settings.lifetime;
    response.body.scope = granted(body.scope).join(' ');
    if (response.body.refresh_token) refreshUser.set(response.body.refresh_token, name);
  }
  log.push({
    endpoint: 'token',
    grant: body.grant_type,
    user: name,
    scope: String(body.scope ?? ''),
    status: response.statusCode,
    accessToken: response.body.access_token ?? null,
    idToken: response.body.id_token ?? null,
    refreshToken: response.body.refresh_token ?? null,
    at: Date.now(),
  });
});

function sendJson(res, status, body) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.end(body === undefined ? '' : JSON.stringify(body));
}

service.addRoute('GET', '/_test/log', (_req, res) => sendJson(res, 200, log));
service.addRoute('DELETE', '/_test/log', (_req, res) => {
  log = [];
  sendJson(res, 204);
});
service.addRoute('POST', '/_test/settings', (req, res) => {
  const next = { ...settings, ...(req.body ?? {}) };
  if (!(next.user in USERS) || !(Number(next.lifetime) > 0)) {
    sendJson(res, 400, { error: `user must be one of ${Object.keys(USERS)}, lifetime > 0` });
    return;
  }
  next.lifetime = Number(next.lifetime);
  next.expiresIn = next.expiresIn === null ? null : Number(next.expiresIn);
  next.withhold = Array.isArray(next.withhold) ? next.withhold.map(String) : [];
  settings = next;
  sendJson(res, 200, settings);
});
service.addRoute('POST', '/_test/reset', (_req, res) => {
  settings = { ...DEFAULT_SETTINGS };
  log = [];
  sendJson(res, 204);
});

await server.start(port, '127.0.0.1');
// The library names the issuer `localhost`; the tests and the emulator use the address itself.
server.issuer.url = `http://127.0.0.1:${port}`;
console.log(`oidc-server listening on ${server.issuer.url}`);

const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
