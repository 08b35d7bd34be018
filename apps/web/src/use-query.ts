import { useEffect, useState } from 'preact/hooks';
import { request } from './api';
import type { Operation } from './graphql/generated';

export interface QueryState<Result> {
  data?: Result;
  error?: Error;
  loading: boolean;
}

/** Runs the operation whenever its variables change; an answer that arrives after a newer request is dropped. */
export function useQuery<Result, Variables>(operation: Operation<Result, Variables>, variables: Variables | null): QueryState<Result> {
  const key = variables === null ? null : JSON.stringify(variables);
  const [state, setState] = useState<QueryState<Result>>({ loading: key !== null });
  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    setState((previous) => ({ data: previous.data, loading: true }));
    request(operation, JSON.parse(key) as Variables, controller.signal).then(
      (data) => setState({ data, loading: false }),
      (error: Error) => {
        if (!controller.signal.aborted) setState({ error, loading: false });
      },
    );
    return () => controller.abort();
  }, [operation, key]);
  return state;
}
