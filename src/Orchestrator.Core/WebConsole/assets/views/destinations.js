import { h, show, banner } from '../dom.js';
import { api, enc } from '../api.js';
import { tenantOf } from '../context.js';

export async function destinationsView(caller) {
  const tenant = tenantOf(caller);
  if (!tenant) {
    show(h('h1', {}, 'Destinations'), banner('Choose a tenant (field at the top) to see its destinations.', 'info'));
    return;
  }
  const { data } = await api(`/tenants/${enc(tenant)}/destinations`);
  const items = data?.destinations ?? [];
  const rows = items.map(d => h('tr', { 'data-destination': d.destinationId },
    h('td', {}, h('a', { href: `#/destinations/${enc(d.destinationId)}/edit` }, d.destinationId)),
    h('td', {}, d.authMethod === 'accessKey' ? 'Access key' : 'IAM role'),
    h('td', {}, d.bucket),
    h('td', { class: 'hide-narrow' }, d.region),
    h('td', { class: 'hide-narrow' }, d.bucketPath || '—'),
    h('td', { class: 'hide-narrow' }, d.schedule?.enabled ? `nightly: ${(d.schedule.reports ?? []).join(', ') || '—'}` : 'off'),
    h('td', {}, h('div', { class: 'actions' },
      h('a', { href: `#/destinations/${enc(d.destinationId)}/test` }, 'Connection test'),
      h('a', { href: `#/destinations/${enc(d.destinationId)}/iam` }, 'IAM policy'),
      h('a', { href: `#/runs?destination=${enc(d.destinationId)}` }, 'Runs')))));
  show(
    h('h1', {}, 'Destinations'),
    caller.admin ? h('div', { class: 'actions' }, h('a', { class: 'button', href: '#/destinations/new', id: 'new-destination' }, 'New destination')) : null,
    items.length === 0
      ? h('p', { id: 'no-destinations' }, 'No destinations yet.')
      : h('div', { class: 'table-wrap' }, h('table', { id: 'destinations' },
        h('caption', { class: 'muted' }, `${items.length} destination(s) of tenant ${tenant}`),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, 'Id'), h('th', { scope: 'col' }, 'Authentication'), h('th', { scope: 'col' }, 'Bucket'),
          h('th', { scope: 'col', class: 'hide-narrow' }, 'Region'), h('th', { scope: 'col', class: 'hide-narrow' }, 'Bucket path'),
          h('th', { scope: 'col', class: 'hide-narrow' }, 'Schedule'), h('th', { scope: 'col' }, 'Actions'))),
        h('tbody', {}, rows))));
}
