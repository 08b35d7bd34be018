import { Client } from 'pg';

export interface LeadershipHandlers {
  elected(): Promise<void>;
  deposed(): Promise<void>;
}

/** Decides which instance runs the projections. */
export interface Leadership {
  readonly role: 'leader' | 'standby';
  start(handlers: LeadershipHandlers): void;
  stop(): Promise<void>;
}

/** The embedded profile has one server process: it always leads. */
export class SoleLeadership implements Leadership {
  role: 'leader' | 'standby' = 'standby';
  private handlers?: LeadershipHandlers;

  start(handlers: LeadershipHandlers): void {
    this.handlers = handlers;
    this.role = 'leader';
    void handlers.elected();
  }

  async stop(): Promise<void> {
    if (this.role === 'leader') await this.handlers?.deposed();
    this.role = 'standby';
  }
}

/**
 * Several API processes on one PostgreSQL: the one holding a session-level advisory lock runs the
 * projections. The lock lives as long as its connection, so when the leader dies (even by SIGKILL) the
 * server drops it and the next standby to try takes over. The leader checks its connection at the same
 * interval, and steps down as soon as it is lost.
 */
export class PostgresAdvisoryLockLeadership implements Leadership {
  role: 'leader' | 'standby' = 'standby';
  private client?: Client;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private handlers?: LeadershipHandlers;
  private transition: Promise<void> = Promise.resolve();

  constructor(
    private readonly connectionString: string,
    private readonly lockName: string,
    private readonly retryMs: number,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  start(handlers: LeadershipHandlers): void {
    this.handlers = handlers;
    this.stopped = false;
    void this.tick();
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      if (this.role === 'leader') await this.client!.query('SELECT 1');
      else await this.tryToLead();
    } catch (error) {
      this.onError(error);
      await this.stepDown();
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), this.retryMs);
  }

  private async tryToLead(): Promise<void> {
    if (!this.client) {
      const client = new Client({ connectionString: this.connectionString, connectionTimeoutMillis: 5000 });
      client.on('error', (error) => {
        this.onError(error);
        void this.stepDown();
      });
      await client.connect();
      this.client = client;
    }
    const { rows } = await this.client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [this.lockName]);
    if (!rows[0].locked) return;
    this.role = 'leader';
    await this.serially(() => this.handlers!.elected());
  }

  private async stepDown(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined); // closing the session releases the lock
    if (this.role !== 'leader') return;
    this.role = 'standby';
    await this.serially(() => this.handlers!.deposed());
  }

  private serially(work: () => Promise<void>): Promise<void> {
    this.transition = this.transition.then(work, work);
    return this.transition;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.stepDown();
  }
}
