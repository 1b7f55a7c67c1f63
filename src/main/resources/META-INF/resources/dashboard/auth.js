// Sign-in for the dashboard: the OAuth 2.0 authorization code flow with PKCE (RFC 7636), in the browser, against the
// OIDC issuer that /api/sign-in/settings names (the stack's Keycloak locally, any issuer in production). The user signs
// in on the issuer's own login page; this page never sees a password and holds no client secret. Tokens stay in memory
// (gone when the tab closes); only the one-time PKCE verifier and state wait in sessionStorage across the redirect.
// Why not the server-side web-app flow: the API stays a plain bearer-token resource server (401 for a missing token,
// no session cookie, no CSRF surface), and the dashboard calls it exactly as scripts and other services do.
"use strict";

const LakehouseAuth = (() => {
  const PENDING = "lakehouse.sign-in";
  let settings = null;
  let endpoints = null;
  let tokens = null; // { access, refresh, expiresAt }

  const b64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const random = () => b64url(crypto.getRandomValues(new Uint8Array(32)));
  const redirectUri = () => `${location.origin}/`;

  async function json(url, options) {
    const response = await fetch(url, options);
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const why = body && (body.error_description || body.detail || body.error);
      throw new Error(`${url.split("?")[0]}: HTTP ${response.status}${why ? ` (${why})` : ""}`);
    }
    return body;
  }

  async function discover() {
    settings = await json("/api/sign-in/settings");
    endpoints = await json(`${settings.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`);
  }

  /** Off to the issuer's login page; the promise never settles (the page is left). */
  async function signIn() {
    const verifier = random();
    const state = random();
    sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, back: location.pathname + location.hash }));
    const challenge = b64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
    const query = new URLSearchParams({
      response_type: "code", client_id: settings.clientId, redirect_uri: redirectUri(), scope: settings.scope,
      state, code_challenge: challenge, code_challenge_method: "S256",
    });
    location.assign(`${endpoints.authorization_endpoint}?${query}`);
    return new Promise(() => {});
  }

  async function tokenRequest(form) {
    const body = await json(endpoints.token_endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ client_id: settings.clientId, ...form }),
    });
    tokens = {
      access: body.access_token,
      refresh: body.refresh_token || null,
      expiresAt: Date.now() + (body.expires_in || 60) * 1000,
    };
  }

  /** Back from the login page with ?code=...&state=...: trade the code (and the verifier) for tokens. */
  async function completeSignIn(params) {
    const pending = JSON.parse(sessionStorage.getItem(PENDING) || "null");
    sessionStorage.removeItem(PENDING);
    if (params.get("error")) throw new Error(`sign-in failed: ${params.get("error_description") || params.get("error")}`);
    if (!pending || pending.state !== params.get("state")) throw new Error("sign-in failed: the answer does not match the request (state)");
    await tokenRequest({ grant_type: "authorization_code", code: params.get("code"), redirect_uri: redirectUri(),
      code_verifier: pending.verifier });
    history.replaceState(null, "", pending.back || "/");
  }

  /** Signed in when it resolves (after a trip to the login page if needed). */
  async function start() {
    await discover();
    const params = new URLSearchParams(location.search);
    if (params.has("code") || params.has("error")) {
      await completeSignIn(params);
    }
    if (!tokens) await signIn();
  }

  async function accessToken() {
    if (tokens && Date.now() > tokens.expiresAt - 30000) {
      try {
        if (!tokens.refresh) throw new Error("no refresh token");
        await tokenRequest({ grant_type: "refresh_token", refresh_token: tokens.refresh });
      } catch (e) {
        tokens = null;
      }
    }
    if (!tokens) await signIn();
    return tokens.access;
  }

  /** fetch() with the user's token; a 401 (expired or revoked session) sends the user to sign in again. */
  async function apiFetch(url, options = {}) {
    const headers = { ...(options.headers || {}), Authorization: `Bearer ${await accessToken()}` };
    const response = await fetch(url, { ...options, headers });
    if (response.status === 401) {
      tokens = null;
      await signIn();
    }
    return response;
  }

  function signOut() {
    const query = new URLSearchParams({ client_id: settings.clientId, post_logout_redirect_uri: redirectUri() });
    tokens = null;
    location.assign(`${endpoints.end_session_endpoint}?${query}`);
  }

  return { start, fetch: apiFetch, signOut };
})();
