// Runs of the tenant, newest first, with filters; running rows poll their progress.
import { h, show, banner, statusBadge, formatDate, progressBar, field } from '../dom.js';
import { api, enc } from '../api.js';
import { tenantOf, poll } from '../context.js';

const STATUSES = [['', 'Any'], ['Running', 'Running'], ['Succeeded', 'Succeeded'], ['PartiallySucceeded', 'Partially succeeded'], ['Failed', 'Failed']];
const KINDS = [['', 'Any'], ['export', 'Export'], ['import', 'Import']];

export async function runsView(caller, query) {
  const tenant = tenantOf(caller);
  if (!tenant) {
    show(h('h1', {}, 'Runs'), banner('Choose a tenant (field at the top) to see its runs.', 'info'));
    return;
  }
  const filters = h('form', { class: 'filters', id: 'run-filters', role: 'search' },
    field({ name: 'destination', label: 'Destination', value: query.get('destination') ?? '' }),
    field({ name: 'kind', label: 'Kind', value: query.get('kind') ?? '', options: KINDS }),
    field({ name: 'status', label: 'Status', value: query.get('status') ?? '', options: STATUSES }),
    field({ name: 'from', label: 'From', type: 'date', value: query.get('from') ?? '' }),
    field({ name: 'to', label: 'To', type: 'date', value: query.get('to') ?? '' }),
    h('div', {}, h('button', { type: 'submit' }, 'Filter')));
  filters.addEventListener('submit', event => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const name of ['destination', 'kind', 'status', 'from', 'to']) {
      const value = filters.elements[name].value.trim();
      if (value) next.set(name, value);
    }
    location.hash = `#/runs?${next}`;
  });

  const params = new URLSearchParams();
  for (const name of ['destination', 'kind', 'status', 'from', 'to', 'continuation']) {
    if (query.get(name)) params.set(name, query.get(name));
  }
  let data;
  let error = null;
  try {
    ({ data } = await api(`/tenants/${enc(tenant)}/runs?${params}`));
  } catch (e) {
    error = e;
  }
  const runs = data?.runs ?? [];
  const progressCells = new Map();
  const rows = runs.map(r => {
    const cell = h('td', {}, r.status === 'Running' ? progressBar(0, `Progress of ${r.id}`) : statusBadge(r.status));
    if (r.status === 'Running') progressCells.set(r.id, cell);
    return h('tr', { 'data-run': r.id },
      h('td', {}, h('a', { href: `#/runs/${enc(r.id)}` }, r.id)),
      h('td', { class: 'hide-narrow' }, r.kind),
      h('td', { class: 'hide-narrow' }, r.destinationId),
      h('td', { class: 'hide-narrow' }, [r.report, r.period].filter(Boolean).join(' ')),
      cell,
      h('td', { class: 'hide-narrow' }, formatDate(r.startedAt)));
  });

  const start = caller.admin ? h('div', { class: 'actions' },
    h('a', { class: 'button', href: `#/start/export${query.get('destination') ? `?destination=${enc(query.get('destination'))}` : ''}`, id: 'start-export' }, 'Start export'),
    h('a', { class: 'button secondary', href: '#/start/import', id: 'start-import' }, 'Start import'),
    h('a', { class: 'button secondary', href: '#/start/backfill', id: 'start-backfill' }, 'Backfill')) : null;

  let more = null;
  if (data?.continuation) {
    const next = new URLSearchParams(query);
    next.set('continuation', data.continuation);
    more = h('p', {}, h('a', { href: `#/runs?${next}`, id: 'next-page' }, 'Older runs'));
  }

  show(h('h1', {}, 'Runs'), start, filters,
    error ? banner(error.message) : null,
    runs.length === 0 && !error ? h('p', { id: 'no-runs' }, 'No runs match.') : null,
    runs.length ? h('div', { class: 'table-wrap' }, h('table', { id: 'runs' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Run'), h('th', { scope: 'col', class: 'hide-narrow' }, 'Kind'),
        h('th', { scope: 'col', class: 'hide-narrow' }, 'Destination'), h('th', { scope: 'col', class: 'hide-narrow' }, 'Report / day'),
        h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col', class: 'hide-narrow' }, 'Started'))),
      h('tbody', {}, rows))) : null,
    more);

  if (progressCells.size) {
    poll(async () => {
      for (const [id, cell] of [...progressCells]) {
        const { data: run } = await api(`/tenants/${enc(tenant)}/runs/${enc(id)}`);
        if (run.runtimeStatus === 'Running' || run.runtimeStatus === 'Pending') {
          cell.replaceChildren(progressBar(run.progress?.percent ?? 0, `Progress of ${id}`));
        } else {
          cell.replaceChildren(statusBadge(run.record?.status ?? run.runtimeStatus));
          progressCells.delete(id);
        }
      }
      return progressCells.size > 0;
    }, 1500);
  }
}
