// Analysis beside the writes: the embedded index hands large batches to a worker thread in chunks and writes
// each chunk while the worker analyses the next (analysis is about half of indexing; 2 cores are common).
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Columns } from './document-analysis';

export interface AnalysisRequest {
  id: number;
  /** Each document as JSON (the index stores that text anyway). */
  documents: string[];
  /** Drop what the worker remembers having reported: the index's lexicon lost terms, or a batch failed. */
  forget: boolean;
}

export interface AnalysedDocument {
  columns: Columns;
  /** Lexicon terms that may be new (of words the worker had not reported since it last forgot). */
  terms: string[];
}

// An idle worker is ended after this long: its word cache (hundreds of MB after a long catch-up) is freed,
// and a live edit's small batch does not use it anyway.
const IDLE_MS = 30_000;
// The worker's V8 heap limit: it holds its word cache and a chunk of documents. Left to Node's default (which grows
// with the machine's memory: 4 GB on this 24 GB VM), its garbage grew by hundreds of MB in a catch-up: 100,000
// documents, the process's peak RSS 1,638 MB with the default, 1,334 MB with this limit, at the same speed (256 MB
// was 30% slower).
const HEAP_MB = 512;

export type AnalysisResponse = { id: number; results: AnalysedDocument[] } | { id: number; error: string };

export class AnalysisWorker {
  private worker?: Worker;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (results: AnalysedDocument[]) => void; reject: (error: Error) => void }>();
  private forgetNext = false;
  private idle?: NodeJS.Timeout;

  constructor(private readonly idleMs = IDLE_MS) {}

  /** Whether a worker thread is running (tests). */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /** The next request makes the worker forget what it reported (see AnalysisRequest.forget). */
  forget(): void {
    this.forgetNext = true;
  }

  analyse(documents: string[]): Promise<AnalysedDocument[]> {
    clearTimeout(this.idle);
    const worker = (this.worker ??= this.start());
    const id = ++this.nextId;
    const request: AnalysisRequest = { id, documents, forget: this.forgetNext };
    this.forgetNext = false;
    return new Promise((resolve, reject) => {
      // Held alive only while it owes an answer (an apply() is waiting for it).
      if (this.pending.size === 0) worker.ref();
      this.pending.set(id, { resolve, reject });
      worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    clearTimeout(this.idle);
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private start(): Worker {
    const worker = workerThread(HEAP_MB);
    // Never what keeps the process alive: an idle index must not hold a server (or a test run) open.
    worker.unref();
    worker.on('message', (response: AnalysisResponse) => {
      const waiting = this.pending.get(response.id);
      if (!waiting) return;
      this.pending.delete(response.id);
      if (this.pending.size === 0) {
        worker.unref();
        // A new worker knows nothing it reported, so it reports every word again: never fewer than needed.
        this.idle = setTimeout(() => void this.close(), this.idleMs).unref();
      }
      if ('error' in response) waiting.reject(new Error(`search analysis: ${response.error}`));
      else waiting.resolve(response.results);
    });
    const fail = (error: Error) => {
      // A worker ended for idleness exits later: by then a new one may hold requests that are not its to fail.
      if (this.worker !== undefined && this.worker !== worker) return;
      this.worker = undefined;
      // A new worker remembers nothing: what this one reported may not have reached the lexicon.
      this.forgetNext = false;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`search analysis thread exited (${code})`)));
    return worker;
  }
}

function workerThread(heapMb: number): Worker {
  const options = { resourceLimits: { maxOldGenerationSizeMb: heapMb } };
  const file = join(__dirname, `analysis-worker${extname(__filename)}`);
  if (extname(__filename) !== '.ts') return new Worker(file, options);
  // Run from the sources (ts-node, jest): the thread compiles its TypeScript the same way.
  const tsNode = require.resolve('ts-node');
  return new Worker(`require(${JSON.stringify(tsNode)}).register({ transpileOnly: true, swc: true }); require(${JSON.stringify(file)});`, { ...options, eval: true });
}
