import { ContextError } from '@sce/event-sourcing';

export const SearchErrorCode = {
  /** The engine could not be reached or timed out: retry later. */
  Unavailable: 'SEARCH_UNAVAILABLE',
  /** The engine refused the request or a task failed: a bug or a setting to fix; retrying does not help. */
  Rejected: 'SEARCH_REJECTED',
} as const;
export type SearchErrorCode = (typeof SearchErrorCode)[keyof typeof SearchErrorCode];

/**
 * A failure of a search engine behind the port (Meilisearch today), by what the caller can do about it:
 * UNAVAILABLE (network, timeout: the sink projection retries without moving its checkpoint, a query answers
 * a typed UNAVAILABLE) or REJECTED. The client sees a plain message and the engine's error code; the engine's
 * own message (hosts, index names) stays in `cause` and the server log.
 */
export class SearchEngineError extends ContextError<SearchErrorCode> {
  constructor(
    readonly kind: 'UNAVAILABLE' | 'REJECTED',
    /** The engine's error code when it gave one ("invalid_search_filter", "index_not_found", ...). */
    readonly engineCode: string | undefined,
    /** What the engine said, for the log. */
    readonly engineMessage: string,
    options?: { cause?: unknown },
  ) {
    super(
      kind === 'UNAVAILABLE' ? SearchErrorCode.Unavailable : SearchErrorCode.Rejected,
      kind === 'UNAVAILABLE' ? 'Search is unavailable right now; try again shortly' : 'The search engine refused the request',
      engineCode ? { engineCode } : {},
    );
    if (options?.cause !== undefined) Object.defineProperty(this, 'cause', { value: options.cause, enumerable: false });
  }

  get retryable(): boolean {
    return this.kind === 'UNAVAILABLE';
  }
}
