// The connection test: every check with its status, message and the fix for a failure.
import { h, show, banner, statusBadge } from '../dom.js';
import { api, enc } from '../api.js';
import { tenantOf } from '../context.js';

const CHECKS = ['credentials', 'bucketExists', 'region', 'listBucket', 'putObject', 'getObject', 'multipartUpload', 'deleteObject', 'objectLock'];

export async function connectionTestView(caller, id) {
  const tenant = tenantOf(caller);
  const results = h('ol', { class: 'checks', id: 'checks', 'aria-live': 'polite' });
  const summary = h('div', { id: 'test-summary', 'aria-live': 'polite' });
  const run = h('button', { type: 'button', id: 'run-test', disabled: !caller.admin }, 'Run connection test');

  const render = checks => results.replaceChildren(...checks.map(c => h('li', { 'data-check': c.name, 'data-status': c.status },
    h('strong', {}, c.name), ' ', statusBadge(c.status),
    c.message ? h('p', { class: 'message' }, c.message) : null,
    c.errorCode ? h('p', { class: 'muted' }, `Error code: ${c.errorCode}`) : null,
    c.fix ? h('p', { class: 'fix' }, h('strong', {}, 'Fix: '), c.fix) : null)));

  run.addEventListener('click', async () => {
    run.disabled = true;
    summary.replaceChildren(h('p', {}, 'Running the checks against the bucket…'));
    render(CHECKS.map(name => ({ name, status: 'Running', message: '' })));
    try {
      const { status, data } = await api(`/tenants/${enc(tenant)}/destinations/${enc(id)}/validate`, { method: 'POST' });
      if (status === 202) {
        summary.replaceChildren(banner('The test is still running on the server; run it again in a moment to see the result.', 'info'));
        results.replaceChildren();
        return;
      }
      render(data.checks ?? []);
      summary.replaceChildren(data.passed
        ? banner('Every check passed: the destination is ready.', 'ok')
        : banner('A check failed: apply its fix, then run the test again.'));
      summary.firstChild.id = data.passed ? 'test-passed' : 'test-failed';
    } catch (e) {
      results.replaceChildren();
      summary.replaceChildren(banner(e.message));
    } finally {
      run.disabled = !caller.admin;
    }
  });

  show(h('h1', {}, `Connection test: ${id}`),
    h('p', {}, 'Writes, reads and deletes a small probe object under the bucket path with the destination\'s credentials, one permission at a time.'),
    h('div', { class: 'actions' }, run,
      h('a', { href: `#/destinations/${enc(id)}/iam` }, 'IAM policy'),
      h('a', { href: `#/destinations/${enc(id)}/edit` }, 'Edit destination')),
    caller.admin ? null : h('p', { class: 'muted' }, 'Running the test needs the tenant admin role.'),
    summary, results);
}
