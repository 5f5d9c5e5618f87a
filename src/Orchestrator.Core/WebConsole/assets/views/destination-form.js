// Create and edit a destination as in the Integration Center form: "by credentials" (access key + secret key) or
// "IAM role on your side" (role ARN), bucket, region, optional bucket path, schedule and the write options.
import { h, show, banner, field, showFieldErrors, clearFieldErrors } from '../dom.js';
import { api, enc, ApiError } from '../api.js';
import { tenantOf } from '../context.js';

const ENCRYPTION = [['none', 'Bucket default'], ['AES256', 'SSE-S3 (AES256)'], ['aws:kms', 'SSE-KMS (aws:kms)']];
const ACL = [['none', 'None (bucket owner enforced)'], ['bucket-owner-full-control', 'bucket-owner-full-control']];

export async function destinationFormView(caller, id) {
  const tenant = tenantOf(caller);
  let current = null;
  let etag = null;
  if (id) {
    const response = await api(`/tenants/${enc(tenant)}/destinations/${enc(id)}`);
    current = response.data;
    etag = response.headers.get('ETag');
  }
  const d = current ?? { authMethod: 'accessKey', serverSideEncryption: 'none', cannedAcl: 'none' };
  const readOnly = !caller.admin;

  const authMethod = h('fieldset', { 'data-field': 'authMethod' },
    h('legend', {}, 'Authentication method'),
    h('div', { class: 'inline' },
      h('label', { class: 'inline', for: 'f-auth-accessKey' },
        h('input', { type: 'radio', id: 'f-auth-accessKey', name: 'authMethod', value: 'accessKey', checked: d.authMethod === 'accessKey', 'aria-describedby': 'f-authMethod-error' }),
        'By credentials (access key and secret key)'),
      h('label', { class: 'inline', for: 'f-auth-assumeRole' },
        h('input', { type: 'radio', id: 'f-auth-assumeRole', name: 'authMethod', value: 'assumeRole', checked: d.authMethod === 'assumeRole', 'aria-describedby': 'f-authMethod-error' }),
        'IAM role on your side (role ARN)')),
    h('p', { class: 'field-error', id: 'f-authMethod-error', 'data-error-for': 'authMethod' }));

  const keyFields = h('div', { id: 'access-key-fields', class: 'grid2' },
    field({ name: 'accessKeyId', label: 'Access key ID', value: d.accessKeyId ?? '', attrs: { autocomplete: 'off', spellcheck: 'false' } }),
    field({
      name: 'secretAccessKey', label: 'Secret access key', type: 'password',
      hint: current?.hasSecretKey ? 'A secret key is stored and is never shown again. Leave empty to keep it; type a new one to replace it.' : 'Stored in the key vault; never shown again.',
      attrs: { autocomplete: 'new-password', spellcheck: 'false' },
    }));
  const roleFields = h('div', { id: 'role-fields' },
    field({ name: 'roleArn', label: 'Role ARN', value: d.roleArn ?? '', hint: 'arn:aws:iam::123456789012:role/name. After saving, paste the trust policy from the IAM page into the role.', attrs: { spellcheck: 'false' } }));

  const form = h('form', { class: 'stack', id: 'destination-form', novalidate: true },
    field({ name: 'destinationId', label: 'Destination ID', value: d.destinationId ?? '', required: true, hint: 'Letters, digits, - and _.', attrs: { readonly: Boolean(id), spellcheck: 'false' } }),
    authMethod, keyFields, roleFields,
    h('fieldset', {}, h('legend', {}, 'Bucket'),
      field({ name: 'bucket', label: 'Bucket name', value: d.bucket ?? '', required: true, attrs: { spellcheck: 'false' } }),
      field({ name: 'region', label: 'Region', value: d.region ?? 'us-east-1', required: true, hint: 'e.g. eu-central-1', attrs: { spellcheck: 'false' } }),
      field({ name: 'bucketPath', label: 'Bucket path (optional)', value: d.bucketPath ?? '', hint: 'A folder inside the bucket, e.g. exports/acme', attrs: { spellcheck: 'false' } })),
    h('fieldset', {}, h('legend', {}, 'Schedule'),
      field({ name: 'schedule.enabled', label: 'Export every night', type: 'checkbox', value: d.schedule?.enabled ?? false }),
      field({ name: 'schedule.reports', label: 'Reports', value: (d.schedule?.reports ?? []).join(', '), hint: 'Comma-separated report names, e.g. sessions' }),
      field({ name: 'schedule.import', label: 'Import user attributes every night', type: 'checkbox', value: d.schedule?.import ?? false }),
      field({ name: 'schedule.timeZone', label: 'Time zone', value: d.schedule?.timeZone ?? '', hint: 'IANA name such as Europe/Berlin (default UTC)' })),
    h('fieldset', {}, h('legend', {}, 'Objects we write'),
      field({ name: 'serverSideEncryption', label: 'Encryption', value: d.serverSideEncryption ?? 'none', options: ENCRYPTION }),
      field({ name: 'kmsKeyId', label: 'KMS key ARN (for SSE-KMS)', value: d.kmsKeyId ?? '', attrs: { spellcheck: 'false' } }),
      field({ name: 'bucketKey', label: 'Use an S3 Bucket Key (SSE-KMS)', type: 'checkbox', value: d.bucketKey ?? false }),
      field({ name: 'cannedAcl', label: 'Object ACL', value: d.cannedAcl ?? 'none', options: ACL }),
      field({ name: 'retentionDays', label: 'Retention in days (optional)', type: 'number', value: d.retentionDays ?? '', hint: 'Delete our own unchanged objects older than this; empty keeps everything.', attrs: { min: '1' } })),
    h('div', { id: 'form-status', 'aria-live': 'polite' }),
    readOnly ? h('p', { class: 'muted' }, 'Your role can view destinations, not change them.')
      : h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'save-destination' }, id ? 'Save changes' : 'Create destination'),
        h('a', { href: '#/destinations' }, 'Cancel')));

  const toggle = () => {
    const method = form.querySelector('input[name="authMethod"]:checked')?.value;
    keyFields.hidden = method !== 'accessKey';
    roleFields.hidden = method !== 'assumeRole';
  };
  form.querySelectorAll('input[name="authMethod"]').forEach(r => r.addEventListener('change', toggle));
  toggle();
  if (readOnly) form.querySelectorAll('input, select').forEach(input => { input.disabled = true; });

  form.addEventListener('submit', async event => {
    event.preventDefault();
    clearFieldErrors(form);
    const status = form.querySelector('#form-status');
    status.replaceChildren();
    const body = bodyOf(form, Boolean(id));
    const button = form.querySelector('#save-destination');
    button.disabled = true;
    try {
      const response = id
        ? await api(`/tenants/${enc(tenant)}/destinations/${enc(id)}`, { method: 'PUT', body, headers: etag ? { 'If-Match': etag } : {} })
        : await api(`/tenants/${enc(tenant)}/destinations`, { method: 'POST', body });
      form.elements.secretAccessKey.value = '';
      etag = response.headers.get('ETag') ?? etag;
      const saved = response.data;
      location.hash = `#/destinations/${enc(saved.destinationId)}/test`;
    } catch (e) {
      if (e instanceof ApiError && e.problem?.errors) {
        const rest = showFieldErrors(form, e.problem.errors);
        status.replaceChildren(banner(rest.length ? `Not saved: ${rest.join('; ')}` : 'Not saved: correct the fields marked below.'));
      } else {
        status.replaceChildren(banner(`Not saved: ${e.message}`));
      }
    } finally {
      button.disabled = false;
    }
  });

  show(h('h1', {}, id ? `Destination ${id}` : 'New destination'),
    id ? h('div', { class: 'actions' },
      h('a', { href: `#/destinations/${enc(id)}/test` }, 'Connection test'),
      h('a', { href: `#/destinations/${enc(id)}/iam` }, 'IAM policy'),
      h('a', { href: `#/runs?destination=${enc(id)}` }, 'Runs')) : null,
    form);
}

function bodyOf(form, editing) {
  const value = name => form.elements[name]?.value?.trim() ?? '';
  const method = form.querySelector('input[name="authMethod"]:checked')?.value ?? null;
  const body = {
    authMethod: method,
    bucket: value('bucket'),
    region: value('region'),
    bucketPath: value('bucketPath'),
    serverSideEncryption: value('serverSideEncryption'),
    cannedAcl: value('cannedAcl'),
    bucketKey: form.elements.bucketKey.checked,
  };
  if (!editing) body.destinationId = value('destinationId');
  if (method === 'accessKey') {
    body.accessKeyId = value('accessKeyId');
    if (value('secretAccessKey') !== '' || !editing) body.secretAccessKey = form.elements.secretAccessKey.value;
  } else if (method === 'assumeRole') {
    body.roleArn = value('roleArn');
  }
  if (value('kmsKeyId')) body.kmsKeyId = value('kmsKeyId');
  if (value('retentionDays')) body.retentionDays = Number(value('retentionDays'));
  const reports = value('schedule.reports').split(',').map(r => r.trim()).filter(Boolean);
  if (form.elements['schedule.enabled'].checked || reports.length || form.elements['schedule.import'].checked) {
    body.schedule = {
      enabled: form.elements['schedule.enabled'].checked,
      reports,
      import: form.elements['schedule.import'].checked,
      timeZone: value('schedule.timeZone') || null,
    };
  }
  return body;
}
