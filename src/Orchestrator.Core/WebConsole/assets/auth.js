// Sign-in: OAuth 2.0 authorization code with PKCE (S256), one code path for Entra ID and the runner's dev issuer.
// The token lives in sessionStorage only (this tab, this origin; never localStorage, never a cookie).

const TOKEN_KEY = 'orchestrator.console.token';
const PKCE_KEY = 'orchestrator.console.pkce';
const RETURN_KEY = 'orchestrator.console.return';

function base64Url(bytes) {
  let text = '';
  for (const b of new Uint8Array(bytes)) text += String.fromCharCode(b);
  return btoa(text).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function randomString(byteCount) {
  return base64Url(crypto.getRandomValues(new Uint8Array(byteCount)));
}

/** The console's own address: where the identity provider sends the browser back. */
export function redirectUri() {
  return new URL('.', document.baseURI).href;
}

export function currentToken() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) return null;
  const claims = decodeClaims(token);
  if (!claims || (claims.exp && claims.exp * 1000 <= Date.now())) {
    sessionStorage.removeItem(TOKEN_KEY);
    return null;
  }
  return token;
}

export function storeToken(token) {
  const claims = decodeClaims(token);
  if (!claims) throw new Error('That is not a JWT (three base64url parts).');
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(PKCE_KEY);
}

/** The token's claims (read for display only: the API validates the signature and decides). */
export function decodeClaims(token) {
  const parts = String(token).trim().split('.');
  if (parts.length !== 3) return null;
  try {
    const json = atob(parts[1].replaceAll('-', '+').replaceAll('_', '/').padEnd(Math.ceil(parts[1].length / 4) * 4, '='));
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, c => c.charCodeAt(0))));
  } catch {
    return null;
  }
}

/** Starts the authorization-code flow: remembers verifier and state in this tab, then leaves for the authorize page. */
export async function beginSignIn(config) {
  const verifier = randomString(32);
  const state = randomString(16);
  const challenge = base64Url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }));
  sessionStorage.setItem(RETURN_KEY, location.hash || '#/destinations');
  const url = new URL(config.authorizationEndpoint, location.origin);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: config.scope ?? '',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.href);
}

/**
 * Completes the flow when the provider sent the browser back with ?code=&state= (or ?error=). Returns
 * {signedIn: true, returnTo} after storing the token, {error} on failure, or null when this is no redirect.
 */
export async function completeSignIn(config) {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) return null;
  const saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? 'null');
  sessionStorage.removeItem(PKCE_KEY);
  history.replaceState(null, '', redirectUri() + (sessionStorage.getItem(RETURN_KEY) ?? ''));
  if (params.has('error')) return { error: `${params.get('error')}: ${params.get('error_description') ?? ''}` };
  if (!saved || saved.state !== params.get('state')) return { error: 'The sign-in answer does not belong to this tab (state mismatch). Sign in again.' };
  const response = await fetch(new URL(config.tokenEndpoint, location.origin).href, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: params.get('code'),
      redirect_uri: redirectUri(),
      client_id: config.clientId,
      code_verifier: saved.verifier,
      scope: config.scope ?? '',
    }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok || !body.access_token) {
    return { error: `The token endpoint refused the code: ${body.error_description ?? body.error ?? response.status}` };
  }
  storeToken(body.access_token);
  return { signedIn: true, returnTo: sessionStorage.getItem(RETURN_KEY) ?? '#/destinations' };
}

/** What the token says about its holder: tenant and roles (display only). */
export function callerOf(config, token) {
  const claims = decodeClaims(token) ?? {};
  const raw = claims[config.rolesClaim];
  const roles = Array.isArray(raw) ? raw : raw ? [raw] : [];
  const operator = roles.includes(config.operatorRole);
  const admin = operator || roles.includes(config.adminRole);
  const reader = admin || roles.includes(config.readerRole);
  return {
    subject: claims.sub ?? '',
    tenant: claims[config.tenantClaim] ?? null,
    operator, admin, reader,
    roleName: operator ? 'operator' : admin ? 'tenant admin' : reader ? 'tenant reader' : 'no role',
    expires: claims.exp ? new Date(claims.exp * 1000) : null,
  };
}
