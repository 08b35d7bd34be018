// The part of autocannon 8 that bench/api.bench.ts uses (the package ships no types).
declare module 'autocannon' {
  export interface AutocannonRequest {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    setupRequest?: (request: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest | undefined;
    onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string>) => void;
  }

  export interface AutocannonOptions {
    url: string;
    connections?: number;
    duration?: number;
    pipelining?: number;
    timeout?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    requests?: AutocannonRequest[];
    /** Returns each run's raw result with its encoded histograms, to merge several runs with aggregateResult. */
    skipAggregateResult?: boolean;
  }

  export interface Percentiles {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    p50: number;
    p90: number;
    p99: number;
    p999?: number;
  }

  export interface RawResult {
    totalCompletedRequests: number;
    totalRequests: number;
    totalBytes: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    duration: number;
    [key: string]: unknown;
  }

  export interface Result extends RawResult {
    latency: Percentiles;
    requests: Percentiles;
    throughput: Percentiles;
  }

  interface Autocannon {
    (options: AutocannonOptions): Promise<Result>;
    aggregateResult(results: RawResult[], options?: Partial<AutocannonOptions>): Result;
  }

  const autocannon: Autocannon;
  export = autocannon;
}
