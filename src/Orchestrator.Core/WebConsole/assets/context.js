// State shared by the views: cleanups for the current view, and the tenant the views work on.
const OPERATOR_TENANT_KEY = 'orchestrator.console.operatorTenant';
const stops = [];

/** Registers a cleanup (a polling timer) that runs when the view changes. */
export function onLeave(stop) { stops.push(stop); }

/** Runs and forgets the current view's cleanups. */
export function leaveView() { stops.splice(0).forEach(stop => stop()); }

/** The tenant the views work on: the token's, or the one an operator chose. */
export function tenantOf(caller) {
  return caller.tenant ?? sessionStorage.getItem(OPERATOR_TENANT_KEY) ?? '';
}

export function chooseOperatorTenant(tenant) {
  sessionStorage.setItem(OPERATOR_TENANT_KEY, tenant);
}

/** Polls fn every intervalMs until it returns false or the view changes. */
export function poll(fn, intervalMs = 1000) {
  let timer = null;
  let stopped = false;
  const tick = async () => {
    if (stopped) return;
    let again = false;
    try { again = await fn(); } catch { again = true; }
    if (again && !stopped) timer = setTimeout(tick, intervalMs);
  };
  onLeave(() => { stopped = true; clearTimeout(timer); });
  timer = setTimeout(tick, intervalMs);
}
