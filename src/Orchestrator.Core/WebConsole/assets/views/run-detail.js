// One run: status, live progress while it runs, result, record, the timeline of steps with attempts and errors;
// cancel (running) and retry (failed or cancelled) for tenant admins.
import { h, show, banner, statusBadge, formatDate, progressBar } from '../dom.js';
import { api, enc } from '../api.js';
import { tenantOf, poll } from '../context.js';

const ACTIVE = new Set(['Running', 'Pending', 'Suspended']);

export async function runDetailView(caller, id) {
  const tenant = tenantOf(caller);
  const status = h('div', { id: 'run-status', 'aria-live': 'polite' });
  const body = h('div', { id: 'run-body' });
  let run = null;

  const render = () => {
    const active = ACTIVE.has(run.runtimeStatus);
    const percent = run.progress?.percent ?? (run.runtimeStatus === 'Completed' ? 100 : 0);
    const record = run.record ?? {};
    const actions = h('div', { class: 'actions' });
    if (caller.admin && active) {
      actions.append(h('button', { type: 'button', class: 'danger', id: 'cancel-run', onclick: () => act('cancel') }, 'Cancel run'));
    }
    if (caller.admin && !active && (record.status === 'Failed' || run.runtimeStatus === 'Failed' || run.runtimeStatus === 'Terminated')) {
      actions.append(h('button', { type: 'button', id: 'retry-run', onclick: () => act('retry') }, 'Retry run'));
    }
    const timeline = run.timeline ?? { entries: [] };
    body.replaceChildren(...[
      h('dl', { class: 'facts' },
        h('dt', {}, 'Status'), h('dd', { id: 'run-runtime-status' }, statusBadge(record.status ?? run.runtimeStatus), record.status && run.runtimeStatus ? h('span', { class: 'muted' }, ` (durable: ${run.runtimeStatus})`) : null),
        h('dt', {}, 'Progress'), h('dd', { id: 'run-progress' }, progressBar(percent, 'Run progress'), run.progress?.phase ? h('span', { class: 'muted' }, ` ${run.progress.phase}`) : null),
        h('dt', {}, 'Kind'), h('dd', {}, record.kind ?? run.name ?? ''),
        h('dt', {}, 'Destination'), h('dd', {}, record.destinationId ?? ''),
        h('dt', {}, 'Report / day'), h('dd', {}, [record.report, record.period].filter(Boolean).join(' ')),
        h('dt', {}, 'Started'), h('dd', {}, formatDate(run.createdAt ?? record.startedAt)),
        h('dt', {}, 'Last update'), h('dd', {}, formatDate(run.lastUpdatedAt ?? record.finishedAt)),
        record.objectKey ? [h('dt', {}, 'Object'), h('dd', { id: 'run-object-key' }, h('code', {}, record.objectKey))] : null,
        record.bytes ? [h('dt', {}, 'Bytes / rows / parts'), h('dd', {}, `${record.bytes} / ${record.rows} / ${record.parts}`)] : null,
        record.kind === 'import' ? [h('dt', {}, 'Files'), h('dd', {}, `seen ${record.filesSeen}, imported ${record.filesImported}, skipped ${record.filesSkipped}, failed ${record.filesFailed}; rows rejected ${record.rowsRejected}`)] : null,
        (run.error ?? record.error) ? [h('dt', {}, 'Error'), h('dd', { id: 'run-error' }, run.error ?? record.error)] : null),
      actions,
      h('h2', {}, 'Timeline'),
      timeline.note ? h('p', { class: 'muted' }, timeline.note) : null,
      (timeline.entries ?? []).length ? h('div', { class: 'table-wrap' }, h('table', { id: 'timeline' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Step'), h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col' }, 'Attempts'),
          h('th', { scope: 'col', class: 'hide-narrow' }, 'At'), h('th', { scope: 'col', class: 'hide-narrow' }, 'Finished'), h('th', { scope: 'col' }, 'Errors'))),
        h('tbody', {}, timeline.entries.map(e => h('tr', {},
          h('td', {}, e.step), h('td', {}, statusBadge(e.status)), h('td', {}, String(e.attempts)),
          h('td', { class: 'hide-narrow' }, formatDate(e.at)), h('td', { class: 'hide-narrow' }, formatDate(e.finishedAt)),
          h('td', {}, (e.errors ?? []).join('; '))))))) : null,
      run.result ? [h('h2', {}, 'Result'), h('pre', { class: 'policy', id: 'run-result', tabindex: '0' }, JSON.stringify(run.result, null, 2))] : null,
    ].flat().filter(node => node !== null && node !== undefined));
    return active;
  };

  const load = async () => {
    ({ data: run } = await api(`/tenants/${enc(tenant)}/runs/${enc(id)}`));
    return render();
  };

  const act = async verb => {
    if (verb === 'cancel' && !confirm('Cancel this run? Its multipart upload is aborted; nothing half-written remains.')) return;
    try {
      await api(`/tenants/${enc(tenant)}/runs/${enc(id)}/${verb}`, { method: 'POST' });
      status.replaceChildren(banner(verb === 'cancel' ? 'Run cancelled.' : 'Run restarted.', 'ok'));
      if (await load()) poll(load, 1000);
    } catch (e) {
      status.replaceChildren(banner(e.message));
    }
  };

  const active = await load();
  show(h('h1', {}, 'Run'), h('p', {}, h('code', { id: 'run-id' }, id)), status, body,
    h('p', {}, h('a', { href: '#/runs' }, 'All runs')));
  if (active) poll(load, 1000);
}
