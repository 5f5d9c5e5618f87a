// Small DOM helpers: every text goes through textContent (never innerHTML), so API data cannot inject markup.
import { currentToken } from './auth.js';

/** Creates an element: h('a', {href: '#/x', class: 'b'}, 'text', child, ...). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'value') el.value = value;
    else if (name === 'checked') el.checked = Boolean(value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/**
 * Replaces the main area with a view's nodes, only while someone is signed in: a view whose API answer arrives after
 * sign-out must not draw its data over the sign-in page.
 */
export function show(...nodes) {
  if (!currentToken()) return;
  showPublic(...nodes);
}

/** Replaces the main area with the given nodes and moves focus to its heading (for keyboard and screen-reader users). */
export function showPublic(...nodes) {
  const main = document.getElementById('main');
  main.replaceChildren(...nodes.flat(Infinity).filter(node => node !== null && node !== undefined && node !== false));
  const heading = main.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }
}

export function banner(text, kind = 'error') {
  return h('div', { class: `banner ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

/** A labelled field with its hint and error slot; the input is described by both. */
export function field({ name, label, type = 'text', value = '', hint, required, attrs = {}, options }) {
  const id = `f-${name.replaceAll('.', '-')}`;
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : null;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ');
  let input;
  if (options) {
    input = h('select', { id, name, 'aria-describedby': describedBy, ...attrs },
      options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
  } else if (type === 'checkbox') {
    input = h('input', { id, name, type, checked: Boolean(value), 'aria-describedby': describedBy, ...attrs });
    return h('div', { class: 'field', 'data-field': name },
      h('label', { class: 'inline', for: id }, input, label),
      hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
      h('p', { class: 'field-error', id: errorId, 'data-error-for': name }));
  } else {
    input = h('input', { id, name, type, value, required, 'aria-describedby': describedBy, ...attrs });
  }
  return h('div', { class: 'field', 'data-field': name },
    h('label', { for: id }, label, required ? ' (required)' : ''),
    input,
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    h('p', { class: 'field-error', id: errorId, 'data-error-for': name }));
}

/** Shows the problem's per-field errors beside their fields; returns the messages no field on the form took. */
export function showFieldErrors(form, errors) {
  clearFieldErrors(form);
  const unplaced = [];
  let first = null;
  for (const [name, messages] of Object.entries(errors ?? {})) {
    const slot = form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
    const text = `${name} ${messages.join(', ')}`;
    if (!slot) { unplaced.push(text); continue; }
    slot.textContent = text;
    const input = form.querySelector(`[name="${CSS.escape(name)}"]`);
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      first ??= input;
    }
  }
  first?.focus();
  return unplaced;
}

export function clearFieldErrors(form) {
  form.querySelectorAll('[data-error-for]').forEach(slot => { slot.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach(input => input.removeAttribute('aria-invalid'));
}

export function formatDate(value) {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function statusBadge(status) {
  return h('span', { class: `status status-${status ?? 'unknown'}` }, status ?? '—');
}

/** A progress bar with a visible and accessible percentage. */
export function progressBar(percent, label) {
  const value = Math.max(0, Math.min(100, Number(percent ?? 0)));
  const text = `${Number.isInteger(value) ? value : value.toFixed(1)}%`;
  return h('div', { class: 'progress-cell' },
    h('progress', { max: '100', value: String(value), 'aria-label': label ?? 'Progress', 'data-percent': String(value) }, text),
    h('span', { class: 'progress-text' }, ` ${text}`));
}

/** A copy button for the text of another element. */
export function copyButton(label, getText) {
  const button = h('button', { type: 'button', class: 'secondary' }, label);
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(getText());
      button.textContent = 'Copied';
    } catch {
      button.textContent = 'Select the text and copy it';
    }
    setTimeout(() => { button.textContent = label; }, 2500);
  });
  return button;
}
