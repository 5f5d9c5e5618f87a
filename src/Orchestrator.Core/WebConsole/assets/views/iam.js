// The IAM documents the customer pastes into AWS: the permission policy and, for role destinations, the trust policy
// with its ExternalId; each with a copy button. Rotating the ExternalId means updating the trust policy.
import { h, show, banner, copyButton } from '../dom.js';
import { api, enc } from '../api.js';
import { tenantOf } from '../context.js';

export async function iamView(caller, id) {
  const tenant = tenantOf(caller);
  const { data } = await api(`/tenants/${enc(tenant)}/destinations/${enc(id)}/iam-policy`);
  const permission = JSON.stringify(data.permissionPolicy, null, 2);
  const trust = data.trustPolicy ? JSON.stringify(data.trustPolicy, null, 2) : null;
  const status = h('div', { id: 'iam-status', 'aria-live': 'polite' });

  const rotate = caller.admin && data.externalId
    ? h('button', { type: 'button', class: 'danger', id: 'rotate-external-id' }, 'Rotate ExternalId')
    : null;
  rotate?.addEventListener('click', async () => {
    if (!confirm('Rotate the ExternalId? Runs fail until the role\'s trust policy has the new one.')) return;
    try {
      await api(`/tenants/${enc(tenant)}/destinations/${enc(id)}/rotate-external-id`, { method: 'POST' });
      await iamView(caller, id);
      document.getElementById('iam-status').replaceChildren(banner('ExternalId rotated: paste the new trust policy into the role now.', 'ok'));
    } catch (e) {
      status.replaceChildren(banner(e.message));
    }
  });

  show(h('h1', {}, `IAM policy: ${id}`), status,
    h('h2', { id: 'permission-heading' }, 'Permission policy'),
    h('p', {}, 'Attach to the IAM user or role that writes to the bucket: least privilege, limited to the bucket path.'),
    h('pre', { class: 'policy', id: 'permission-policy', tabindex: '0', 'aria-labelledby': 'permission-heading' }, permission),
    h('div', { class: 'actions' }, copyButton('Copy permission policy', () => permission)),
    trust ? [
      h('h2', { id: 'trust-heading' }, 'Trust policy'),
      h('p', {}, 'Set as the role\'s trust relationship: it lets our service assume the role only with this ExternalId.'),
      h('p', {}, 'ExternalId: ', h('code', { id: 'external-id' }, data.externalId)),
      h('pre', { class: 'policy', id: 'trust-policy', tabindex: '0', 'aria-labelledby': 'trust-heading' }, trust),
      h('div', { class: 'actions' }, copyButton('Copy trust policy', () => trust), rotate),
    ] : h('p', { class: 'muted' }, 'Access-key destinations need no trust policy.'),
    h('div', { class: 'actions' }, h('a', { href: `#/destinations/${enc(id)}/test` }, 'Connection test')));
}
