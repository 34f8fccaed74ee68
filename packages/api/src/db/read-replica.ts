import type { DataSource } from 'typeorm';

/**
 * The read replica (DATABASE_READ_URL) and the one rule for using it: analytics reads go there while it answers and
 * is at most `maxLagMs` behind the primary; otherwise they go to the primary. The state is checked in the background
 * (every `checkEveryMs`), so a request never waits on a replica that does not answer.
 *
 * Staleness, measured against the primary: the primary's WAL position is read first, then the replica's replay
 * position. Replayed up to it: the replica is as fresh as that moment. Behind it: it lacks at most what was committed
 * since the last transaction it replayed, so its staleness is `now() - pg_last_xact_replay_timestamp()` (a replica
 * that lost its primary falls behind by this measure too, since the primary moves on). A server that is not in
 * recovery (the primary standing in, or a promoted replica) is never behind.
 */
export type ReadTarget = 'replica' | 'primary';
export type ReadReason = 'fresh' | 'behind' | 'down' | 'unchecked';

export interface ReplicaState {
  target: ReadTarget;
  reason: ReadReason;
  /** Staleness at the last check (ms); null when it did not answer or was never checked. */
  lagMs: number | null;
  checkedAt: number | null;
}

export interface ReadReplicaOptions {
  /** The API role's pool on the replica. */
  replica: DataSource;
  /** The API role's pool on the primary (its WAL position is the reference). */
  primary: DataSource;
  maxLagMs: number;
  checkEveryMs?: number;
  /** Told of each check's lag in seconds (-1: no answer). */
  onCheck?: (lagSeconds: number) => void;
  /** Run once the replica's pool connects, before any read goes there (e.g. the API role's restrictions). */
  verify?: (replica: DataSource) => Promise<void>;
  /** Told when the verdict changes (with why the replica did not answer, when it did not). */
  onChange?: (state: ReplicaState, error: string | null) => void;
}

export class ReadReplica {
  private state: ReplicaState = { target: 'primary', reason: 'unchecked', lagMs: null, checkedAt: null };
  private checking: Promise<ReplicaState> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: ReadReplicaOptions) {}

  get dataSource(): DataSource {
    return this.options.replica;
  }

  /** Where analytics reads go now (the last check's verdict). */
  current(): ReplicaState {
    return this.state;
  }

  /** Checks now (one check at a time; callers share it). */
  refresh(): Promise<ReplicaState> {
    this.checking ??= this.check().finally(() => (this.checking = null));
    return this.checking;
  }

  /** Checks at once, then every `checkEveryMs` until stop(). */
  start(): void {
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.options.checkEveryMs ?? 1_000);
    this.timer.unref();
  }

  /** Stops checking and closes the replica's pool. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.checking?.catch(() => undefined);
    if (this.options.replica.isInitialized) await this.options.replica.destroy().catch(() => undefined);
  }

  private async check(): Promise<ReplicaState> {
    const { replica, primary, maxLagMs } = this.options;
    let lagMs: number | null;
    let error: string | null = null;
    try {
      // Connected lazily, and again after a failure: a replica down at start-up is used once it answers.
      if (!replica.isInitialized) {
        await replica.initialize();
        await this.options.verify?.(replica).catch(async (refused: unknown) => {
          await replica.destroy().catch(() => undefined);
          throw refused;
        });
      }
      const [reference] = await primary.query(`SELECT pg_current_wal_lsn()::text AS lsn`);
      const sampledAt = Date.now();
      const [row] = await replica.query(
        `SELECT pg_is_in_recovery() AS standby,
                coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false) AS caught_up,
                (extract(epoch FROM now() - pg_last_xact_replay_timestamp()) * 1000)::float8 AS since_replay_ms`,
        [reference.lsn],
      );
      if (!row.standby) lagMs = 0;
      else if (row.caught_up) lagMs = Date.now() - sampledAt;
      else lagMs = row.since_replay_ms ?? Number.POSITIVE_INFINITY;
    } catch (failure) {
      lagMs = null;
      error = failure instanceof Error ? failure.message.split('\n')[0] : String(failure);
    }
    this.options.onCheck?.(lagMs === null ? -1 : Number.isFinite(lagMs) ? lagMs / 1000 : 1e9);
    const before = this.state;
    this.state =
      lagMs === null
        ? { target: 'primary', reason: 'down', lagMs, checkedAt: Date.now() }
        : lagMs <= maxLagMs
          ? { target: 'replica', reason: 'fresh', lagMs, checkedAt: Date.now() }
          : { target: 'primary', reason: 'behind', lagMs, checkedAt: Date.now() };
    if (before.reason !== this.state.reason) this.options.onChange?.(this.state, error);
    return this.state;
  }
}
