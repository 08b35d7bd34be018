import { useEffect, useState } from 'preact/hooks';
import { request } from './api';
import type { Operation } from './graphql/generated';

export interface QueryState<Result> {
  data?: Result;
  error?: Error;
  loading: boolean;
  /** The variables (as JSON) the data shown was fetched with: it may be older than the ones asked for now. */
  dataKey?: string;
}

export interface Query<Result> extends QueryState<Result> {
  /** Asks again with the same variables (after a change this page made). */
  reload(): void;
}

/** Runs the operation whenever its variables change; an answer that arrives after a newer request is dropped. */
export function useQuery<Result, Variables>(operation: Operation<Result, Variables>, variables: Variables | null): Query<Result> {
  const key = variables === null ? null : JSON.stringify(variables);
  const [state, setState] = useState<QueryState<Result>>({ loading: key !== null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    setState((previous) => ({ data: previous.data, dataKey: previous.dataKey, loading: true }));
    request(operation, JSON.parse(key) as Variables, controller.signal).then(
      (data) => setState({ data, loading: false, dataKey: key }),
      (error: Error) => {
        if (!controller.signal.aborted) setState({ error, loading: false });
      },
    );
    return () => controller.abort();
  }, [operation, key, tick]);
  return { ...state, reload: () => setTick((t) => t + 1) };
}
