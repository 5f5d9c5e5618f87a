// The night summary for operators: destinations seen, runs started/succeeded/failed/skipped, failures with causes.
import { h, show, banner, field, statusBadge } from '../dom.js';
import { api, enc } from '../api.js';

export async function nightsView(caller, query) {
  if (!caller.operator) {
    show(h('h1', {}, 'Nights'), banner('The night summary is for operators.'));
    return;
  }
  const day = query.get('day') ?? new Date(Date.now() - 86400000).toISOString().slice(0, 10);
  const form = h('form', { class: 'filters', id: 'night-form' },
    field({ name: 'day', label: 'Night of', type: 'date', value: day }),
    h('div', {}, h('button', { type: 'submit' }, 'Show')));
  form.addEventListener('submit', event => {
    event.preventDefault();
    location.hash = `#/nights?day=${enc(form.elements.day.value)}`;
  });
  const status = h('div', { id: 'night-status', 'aria-live': 'polite' });
  let summary = null;
  let error = null;
  try {
    ({ data: summary } = await api(`/nights/${enc(day)}`));
  } catch (e) {
    error = e;
  }
  const force = h('input', { type: 'checkbox', id: 'f-night-force' });
  const rerun = h('button', { type: 'button', id: 'run-night' }, 'Run this night again');
  rerun.addEventListener('click', async () => {
    try {
      const { data } = await api(`/nights/${enc(day)}${force.checked ? '?force=true' : ''}`, { method: 'POST' });
      status.replaceChildren(banner(`${data.started ? 'Started' : 'Already running'}: ${data.id}`, 'ok'));
    } catch (e) {
      status.replaceChildren(banner(e.message));
    }
  });
  show(h('h1', {}, 'Nights'), form, status,
    error ? banner(error.status === 404 ? `No night ran for ${day}.` : error.message, error.status === 404 ? 'info' : 'error') : null,
    summary ? [
      h('dl', { class: 'facts', id: 'night-summary' },
        h('dt', {}, 'Status'), h('dd', {}, statusBadge(summary.status ?? (summary.finished ? 'Finished' : 'Running'))),
        h('dt', {}, 'Destinations'), h('dd', {}, String(summary.destinations)),
        h('dt', {}, 'Started'), h('dd', {}, String(summary.started)),
        h('dt', {}, 'Succeeded'), h('dd', {}, String(summary.succeeded)),
        h('dt', {}, 'Partially succeeded'), h('dd', {}, String(summary.partiallySucceeded ?? 0)),
        h('dt', {}, 'Failed'), h('dd', {}, String(summary.failed)),
        h('dt', {}, 'Skipped'), h('dd', {}, String(summary.skipped))),
      (summary.failures ?? []).length ? [h('h2', {}, 'Failures'), h('div', { class: 'table-wrap' }, h('table', {},
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Tenant'), h('th', { scope: 'col' }, 'Destination'), h('th', { scope: 'col' }, 'Run'), h('th', { scope: 'col' }, 'Reason'))),
        h('tbody', {}, summary.failures.map(f => h('tr', {}, h('td', {}, f.tenantId ?? f.tenant ?? ''), h('td', {}, f.destinationId ?? ''), h('td', {}, f.runId ?? f.instanceId ?? ''), h('td', {}, f.reason ?? f.error ?? ''))))))] : null,
    ] : null,
    h('div', { class: 'actions' }, h('label', { class: 'inline', for: 'f-night-force' }, force, 'Also rerun runs that succeeded'), rerun));
}
