// The console's entry: reads config.json, completes or offers sign-in, then routes #/… to the views.
import { h, show, showPublic, banner } from './dom.js';
import { configureApi } from './api.js';
import { beginSignIn, completeSignIn, currentToken, callerOf, signOut, storeToken } from './auth.js';
import { destinationsView } from './views/destinations.js';
import { destinationFormView } from './views/destination-form.js';
import { connectionTestView } from './views/connection-test.js';
import { iamView } from './views/iam.js';
import { runsView } from './views/runs.js';
import { runDetailView } from './views/run-detail.js';
import { startView } from './views/start.js';
import { nightsView } from './views/nights.js';
import { leaveView, tenantOf, chooseOperatorTenant } from './context.js';

const state = { config: null, caller: null };

function signInView(error) {
  const config = state.config;
  const parts = [h('h1', {}, 'Sign in')];
  if (error) parts.push(banner(error));
  if (config.signIn === 'pkce') {
    parts.push(
      h('p', {}, 'Sign in with your organisation account. The console keeps your token in this tab only.'),
      h('button', { type: 'button', id: 'sign-in', onclick: () => beginSignIn(config) }, 'Sign in'));
  } else {
    const form = h('form', { class: 'stack', id: 'token-form' },
      h('p', {}, 'No sign-in is configured for this host (Console:ClientId). Paste a bearer token, e.g. from ',
        h('code', {}, 'orchestrator token --tenant T --role admin'), '. It is kept in this tab only.'),
      h('div', {},
        h('label', { for: 'f-token' }, 'Bearer token'),
        h('textarea', { id: 'f-token', name: 'token', rows: '5', required: true, autocomplete: 'off', spellcheck: 'false' })),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Use this token')));
    form.addEventListener('submit', event => {
      event.preventDefault();
      try {
        storeToken(form.elements.token.value.trim());
        start();
      } catch (e) {
        showPublic(signInView(e.message));
      }
    });
    parts.push(form);
  }
  return parts;
}

function renderWho() {
  const who = document.getElementById('who');
  const nav = document.getElementById('nav');
  if (!state.caller) {
    who.replaceChildren();
    nav.hidden = true;
    return;
  }
  nav.hidden = false;
  nav.querySelectorAll('[data-role="operator"]').forEach(a => { a.hidden = !state.caller.operator; });
  const parts = [h('span', { id: 'who-role' }, `${state.caller.roleName}`)];
  if (state.caller.tenant) {
    parts.push(h('span', {}, 'tenant ', h('strong', { id: 'who-tenant' }, state.caller.tenant)));
  } else if (state.caller.operator) {
    const input = h('input', { id: 'f-operator-tenant', type: 'text', value: tenantOf(state.caller), size: '12', 'aria-label': 'Tenant to view' });
    input.addEventListener('change', () => { chooseOperatorTenant(input.value.trim()); route(); });
    parts.push(h('label', { class: 'inline', for: 'f-operator-tenant' }, 'Tenant'), input);
  }
  parts.push(h('button', { type: 'button', id: 'sign-out', onclick: () => { leaveView(); signOut(); state.caller = null; renderWho(); showPublic(signInView()); } }, 'Sign out'));
  who.replaceChildren(...parts);
}

const routes = [
  [/^#\/destinations\/?$/, () => destinationsView(state.caller)],
  [/^#\/destinations\/new$/, () => destinationFormView(state.caller, null)],
  [/^#\/destinations\/([^/?]+)\/edit$/, m => destinationFormView(state.caller, decodeURIComponent(m[1]))],
  [/^#\/destinations\/([^/?]+)\/test$/, m => connectionTestView(state.caller, decodeURIComponent(m[1]))],
  [/^#\/destinations\/([^/?]+)\/iam$/, m => iamView(state.caller, decodeURIComponent(m[1]))],
  [/^#\/runs\/?(\?.*)?$/, m => runsView(state.caller, new URLSearchParams((m[1] ?? '').slice(1)))],
  [/^#\/runs\/([^/?]+)$/, m => runDetailView(state.caller, decodeURIComponent(m[1]))],
  [/^#\/start\/(export|import|backfill)(\?.*)?$/, m => startView(state.caller, m[1], new URLSearchParams((m[2] ?? '').slice(1)))],
  [/^#\/nights\/?(\?.*)?$/, m => nightsView(state.caller, new URLSearchParams((m[1] ?? '').slice(1)))],
];

async function route() {
  leaveView();
  if (!currentToken()) {
    state.caller = null;
    renderWho();
    showPublic(signInView());
    return;
  }
  const hash = location.hash || '#/destinations';
  const nav = hash.split(/[/?]/)[1];
  document.querySelectorAll('#nav a').forEach(a => a.toggleAttribute('aria-current', a.dataset.nav === nav));
  document.querySelectorAll('#nav a[aria-current]').forEach(a => a.setAttribute('aria-current', 'page'));
  for (const [pattern, view] of routes) {
    const match = hash.match(pattern);
    if (match) {
      try {
        await view(match);
      } catch (e) {
        show(h('h1', {}, 'Something went wrong'), banner(e.message));
      }
      return;
    }
  }
  show(h('h1', {}, 'Not found'), h('p', {}, 'No such page. ', h('a', { href: '#/destinations' }, 'Go to destinations')));
}

function start() {
  state.caller = callerOf(state.config, currentToken());
  renderWho();
  route();
}

async function boot() {
  const response = await fetch('config.json', { cache: 'no-store' });
  state.config = await response.json();
  configureApi(state.config.apiBase, () => {
    signOut();
    state.caller = null;
    renderWho();
    showPublic(signInView('Your sign-in expired or was refused. Sign in again.'));
  });
  const completed = await completeSignIn(state.config);
  if (completed?.error) {
    showPublic(signInView(completed.error));
    return;
  }
  if (completed?.signedIn && location.hash !== completed.returnTo) {
    history.replaceState(null, '', completed.returnTo);
  }
  window.addEventListener('hashchange', route);
  if (currentToken()) start(); else showPublic(signInView());
}

boot().catch(e => showPublic(h('h1', {}, 'The console could not start'), banner(e.message)));
