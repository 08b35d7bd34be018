import type { Operation } from './graphql/generated';

/** A GraphQL error as the API types it (extensions.code), shown to people with the API's own message. */
export class ApiError extends Error {
  constructor(message: string, readonly code: string, readonly extensions: Record<string, unknown> = {}) {
    super(message);
  }

  /** BAD_USER_INPUT's messages per input field ('title', 'period.fromYear'), as the API words them. */
  fieldMessages(): Record<string, string> {
    const violations = (this.extensions.violations ?? []) as Array<{ field: string; messages: string[] }>;
    const messages = Object.fromEntries(violations.map((v) => [v.field.replace(/^input\./, ''), v.messages.join(', ')]));
    // A domain refusal (e.g. CASE_STUDY_CONTENT_INVALID) names its one field in extensions.field.
    const field = this.extensions.field;
    if (typeof field === 'string' && !(field in messages)) messages[field] = this.message;
    return messages;
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

// The log position of this tab's last change: queries that take `consistency` read at least it, so what
// someone just did shows on the next page (read your writes), whichever instance answers.
let lastPosition: string | null = null;

/** POSTs one typed operation to /graphql; rejects with the first error, typed by its code. */
export async function request<Result, Variables>(operation: Operation<Result, Variables>, variables: Variables, signal?: AbortSignal): Promise<Result> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const sent = lastPosition && operation.includes('$consistency') ? { consistency: { atLeast: lastPosition }, ...variables } : variables;
  const response = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query: operation, variables: sent }), signal });
  const body = (await response.json().catch(() => ({}))) as { data?: Result; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
  const error = body.errors?.[0];
  if (error) throw new ApiError(error.message, String(error.extensions?.code ?? 'ERROR'), error.extensions);
  if (!body.data) throw new ApiError(`HTTP ${response.status}`, 'HTTP');
  if (operation.startsWith('mutation')) {
    const payload = Object.values(body.data as Record<string, { position?: string } | null>)[0];
    if (payload?.position) lastPosition = payload.position;
  }
  return body.data;
}
