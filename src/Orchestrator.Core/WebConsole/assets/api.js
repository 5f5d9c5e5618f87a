// Every API call: same origin, the bearer token on each request, problem+json turned into an ApiError.
import { currentToken } from './auth.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }
}

let apiBase = '/api';
let onUnauthorized = () => {};

export function configureApi(base, unauthorized) {
  apiBase = base;
  onUnauthorized = unauthorized;
}

export const enc = encodeURIComponent;

/** Calls the API; resolves to {status, data, headers} on 2xx, throws ApiError otherwise. */
export async function api(path, { method = 'GET', body, headers = {} } = {}) {
  const token = currentToken();
  if (!token) {
    onUnauthorized();
    throw new ApiError(401, { title: 'Not signed in', detail: 'Sign in to continue.' });
  }
  const response = await fetch(apiBase + path, {
    method,
    headers: {
      Accept: 'application/json, application/problem+json',
      Authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    cache: 'no-store',
    credentials: 'omit',
  });
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = { detail: text }; }
  if (response.status === 401) {
    onUnauthorized();
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return { status: response.status, data, headers: response.headers };
}
