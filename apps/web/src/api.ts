import type { Operation } from './graphql/generated';

/** A GraphQL error as the API types it (extensions.code), shown to people with the API's own message. */
export class ApiError extends Error {
  constructor(message: string, readonly code: string, readonly extensions: Record<string, unknown> = {}) {
    super(message);
  }
}

const TOKEN_KEY = 'sce.token';
let token: string | null = null;
try {
  token = localStorage.getItem(TOKEN_KEY);
} catch {
  // storage refused (private mode): stay signed out
}

export const getToken = () => token;
export function setToken(value: string | null): void {
  token = value;
  try {
    if (value) localStorage.setItem(TOKEN_KEY, value);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    // the session then lasts as long as the page
  }
}

/** POSTs one typed operation to /graphql; rejects with the first error, typed by its code. */
export async function request<Result, Variables>(operation: Operation<Result, Variables>, variables: Variables, signal?: AbortSignal): Promise<Result> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query: operation, variables }), signal });
  const body = (await response.json().catch(() => ({}))) as { data?: Result; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
  const error = body.errors?.[0];
  if (error) throw new ApiError(error.message, String(error.extensions?.code ?? 'ERROR'), error.extensions);
  if (!body.data) throw new ApiError(`HTTP ${response.status}`, 'HTTP');
  return body.data;
}
