// Start an export (one report, one day), an import (files under a prefix) or a backfill (a range of days).
import { h, show, banner, field, showFieldErrors, clearFieldErrors } from '../dom.js';
import { api, enc, ApiError } from '../api.js';
import { tenantOf } from '../context.js';

function yesterday() {
  const d = new Date(Date.now() - 86400000);
  return d.toISOString().slice(0, 10);
}

export async function startView(caller, kind, query) {
  const tenant = tenantOf(caller);
  const { data } = await api(`/tenants/${enc(tenant)}/destinations`);
  const destinations = (data?.destinations ?? []).map(d => [d.destinationId, `${d.destinationId} (${d.bucket})`]);
  const chosen = query.get('destination') ?? destinations[0]?.[0] ?? '';
  const fields = {
    export: [
      field({ name: 'report', label: 'Report', value: 'sessions', required: true }),
      field({ name: 'period', label: 'Day', type: 'date', value: yesterday(), required: true }),
    ],
    import: [
      field({ name: 'prefix', label: 'Prefix (folder of files to import)', value: 'attributes/', hint: 'CSV or JSON Lines files below the bucket path' }),
    ],
    backfill: [
      field({ name: 'from', label: 'From', type: 'date', value: yesterday(), required: true }),
      field({ name: 'to', label: 'To', type: 'date', value: yesterday(), required: true }),
      field({ name: 'reports', label: 'Reports (optional)', hint: 'Comma-separated; default: the destination\'s scheduled reports' }),
    ],
  }[kind];
  const form = h('form', { class: 'stack', id: `start-${kind}-form`, novalidate: true },
    field({ name: 'destinationId', label: 'Destination', value: chosen, options: destinations }),
    fields,
    field({ name: 'force', label: kind === 'import' ? 'Import files again that were already imported' : 'Run again days that already succeeded', type: 'checkbox' }),
    h('div', { id: 'start-status', 'aria-live': 'polite' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'start-run' }, `Start ${kind}`), h('a', { href: '#/runs' }, 'Cancel')));

  form.addEventListener('submit', async event => {
    event.preventDefault();
    clearFieldErrors(form);
    const status = form.querySelector('#start-status');
    const value = name => form.elements[name].value.trim();
    const force = form.elements.force.checked;
    try {
      if (kind === 'export') {
        const { data: run } = await api('/exports', { method: 'POST', body: { tenant, destinationId: value('destinationId'), report: value('report'), period: value('period'), force } });
        location.hash = `#/runs/${enc(run.id)}`;
      } else if (kind === 'import') {
        const body = { tenant, destinationId: value('destinationId'), force };
        if (value('prefix')) body.prefix = value('prefix');
        const { data: run } = await api('/imports', { method: 'POST', body });
        location.hash = `#/runs/${enc(run.id)}`;
      } else {
        const body = { from: value('from'), to: value('to'), force };
        const reports = value('reports').split(',').map(r => r.trim()).filter(Boolean);
        if (reports.length) body.reports = reports;
        const { data: outcome } = await api(`/tenants/${enc(tenant)}/destinations/${enc(value('destinationId'))}/backfill`, { method: 'POST', body });
        status.replaceChildren(banner(`Started ${outcome.started.length} run(s); ${outcome.existing.length} already existed.`, 'ok'),
          h('p', {}, h('a', { href: `#/runs?destination=${enc(value('destinationId'))}` }, 'See the runs')));
      }
    } catch (e) {
      if (e instanceof ApiError && e.problem?.errors) {
        const rest = showFieldErrors(form, e.problem.errors);
        status.replaceChildren(banner(rest.length ? rest.join('; ') : 'Correct the fields marked below.'));
      } else {
        status.replaceChildren(banner(e.message));
      }
    }
  });
  const titles = { export: 'Start an export', import: 'Start an import', backfill: 'Backfill a destination' };
  show(h('h1', {}, titles[kind]),
    destinations.length ? form : banner('Create a destination first.', 'info'));
}
