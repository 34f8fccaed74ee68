import { EventEmitter } from 'node:events';
import { Client, escapeIdentifier } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import {
  Logger as WorkerLogger,
  parseCronItems,
  run,
  runMigrations,
  makeWorkerUtils,
  type JobHelpers,
  type LogFunctionFactory,
  type Runner,
  type TaskList,
  type WorkerEvents,
} from 'graphile-worker';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { Logger } from '../logger';

/**
 * The project's one job queue: graphile-worker on the application's own PostgreSQL (no other server). Mail,
 * reminders, imports, exports and webhook deliveries all go through it. Kernel: it names no module; modules declare
 * their tasks and schedules (`ApiModule.jobs`), and the composition root (server/jobs.ts) hands them to this runner.
 *
 * - Jobs are rows in the `graphile_worker` schema, so they survive restarts, and a job is locked by one worker at a
 *   time (`FOR UPDATE SKIP LOCKED`): never run twice concurrently, by one instance or several.
 * - A job is added in the transaction of the change that causes it (`addJob(manager, …)`, or the outbox trigger),
 *   so a rolled-back change enqueues nothing.
 * - The worker LISTENs for new jobs: it needs a direct (session) connection, not one through PgBouncer's
 *   transaction pooling (DATABASE_DIRECT_URL).
 * - Payloads carry ids only: never confidential text, never secrets. Nothing of a payload is logged.
 * - A worker that dies without stopping (SIGKILL, a lost machine) leaves its jobs locked; graphile-worker 0.17 would
 *   take them back only after 4 hours. Each runner holds a session advisory lock per worker id while it lives
 *   (WorkerLiveness below), and every runner releases the jobs of worker ids whose lock nobody holds any more: the
 *   job runs again within seconds, elsewhere. Tasks are written to be run again (a webhook keeps its webhook-id).
 */

/** The schema graphile-worker keeps its jobs in. */
export const JOB_SCHEMA = 'graphile_worker';

/** The group role migrations grant table rights to (db/migrations/rls.ts APP_GROUP_ROLE; repeated to keep this leaf). */
const APP_GROUP_ROLE = 'throughline_app';
const GRANT_LOCK = 7_301_011;

/** How webhook deliveries behave: timeouts, the retry schedule, which targets are allowed. */
export interface WebhookSettings {
  /** How long one delivery may take before it counts as failed (ms). */
  timeoutMs: number;
  /** Multiplies the retry schedule (30 s, 2 min, 10 min, … 8 h): 1 in production; tests shrink it. */
  retryScale: number;
  /** For how long a delivery is retried before it is FAILED (ms; at least a day in production). */
  retryForMs: number;
  /** Consecutive failed attempts, spanning more than disableAfterMs, after which an endpoint is disabled. */
  disableAfterFailures: number;
  disableAfterMs: number;
  /** Production rules for target URLs: https only, no private, loopback or link-local address, not our own host. */
  production: boolean;
  /** Host names of this server (its public URL's host, HOST), refused as targets in production. */
  ownHosts: string[];
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  timeoutMs: 10_000,
  retryScale: 1,
  retryForMs: 24 * 3_600_000 + 60_000,
  disableAfterFailures: 20,
  disableAfterMs: 24 * 3_600_000,
  production: false,
  ownHosts: [],
};

/** How mail leaves (modules/mail): SMTP, or (no SMTP_URL) the outbox table the portal shows. */
export interface MailSettings {
  /** smtp:// or smtps:// URL (nodemailer); null: mail is kept in the outbox, nothing is sent. */
  smtpUrl: string | null;
  /** The From address (MAIL_FROM). */
  from: string;
  /** The portal's public origin (PUBLIC_URL), for links in messages; null: messages carry no links. */
  publicUrl: string | null;
}

export const DEFAULT_MAIL_SETTINGS: MailSettings = {
  smtpUrl: null,
  from: 'Throughline <no-reply@throughline.invalid>',
  publicUrl: null,
};

/** How a webhook delivery attempt ended: delivered (2xx), retry (failed, tried again later), gave_up (FAILED). */
export type WebhookOutcome = 'delivered' | 'retry' | 'gave_up';
/**
 * How a mail send job ended: delivered (the SMTP server took it), outbox (kept for the portal: no SMTP_URL or the
 * district keeps its mail there), deferred (past the district's hourly limit, sent later), retry (SMTP failed, tried
 * again with backoff), gave_up (the last attempt failed: FAILED).
 */
export type MailOutcome = 'delivered' | 'outbox' | 'deferred' | 'retry' | 'gave_up';

/** Where webhook and mail outcomes are counted (the process's metrics). Labels are bounded: never a district or address. */
export interface DeliveryOutcomes {
  webhook(outcome: WebhookOutcome): void;
  /** `kind` is one of the mail kinds (messages.ts, MAIL_KINDS). */
  mail(kind: string, outcome: MailOutcome): void;
}

/** What a task handler gets besides its payload: the API's data source (the API role, under RLS) and settings. */
export interface JobDeps {
  dataSource: DataSource;
  logger: Logger;
  webhooks: WebhookSettings;
  mail: MailSettings;
  /** Counts delivery outcomes (server/jobs.ts passes the process's metrics); absent: not counted. */
  outcomes?: DeliveryOutcomes;
}

export interface JobRun {
  deps: JobDeps;
  /** Fires when the worker shuts down: a long task stops and leaves the job to be run again. */
  abortSignal: AbortSignal;
  /** graphile-worker's attempt count of this job (1 on the first run). */
  attempts: number;
}

export type JobHandler = (payload: unknown, run: JobRun) => Promise<void>;

/** What a module contributes to the queue: task handlers by name, and schedules (cron) that add those tasks. */
export interface JobDefinitions {
  tasks?: Record<string, JobHandler>;
  /** e.g. `{ task: 'session.missed-scan', match: '*\/10 * * * *' }`: added once per match, by one instance. */
  cron?: { task: string; match: string }[];
}

/**
 * Adds a job in the caller's transaction: it exists only if that transaction commits. `jobKey` replaces a pending
 * job of the same key (its run time and payload), so a delivery has at most one job waiting.
 */
export async function addJob(
  manager: EntityManager,
  task: string,
  payload: Record<string, string | number | boolean | null>,
  options: { runAt?: Date; jobKey?: string; maxAttempts?: number } = {},
): Promise<void> {
  await manager.query(
    `SELECT ${JOB_SCHEMA}.add_job($1, $2::json, run_at => $3::timestamptz, job_key => $4, max_attempts => $5::int)`,
    [task, JSON.stringify(payload), options.runAt ?? null, options.jobKey ?? null, options.maxAttempts ?? null],
  );
}

/** graphile-worker's log lines through ours, without their metadata (which can hold a job and its payload). */
function workerLogger(logger: Logger): WorkerLogger {
  const factory: LogFunctionFactory = () => (level, message) => {
    // The first line only: graphile-worker appends the error's stack to a failed task's line.
    const line = message.split('\n')[0].slice(0, 500);
    if (level === 'error') logger.error(`job queue: ${line}`);
    else if (level === 'warning') logger.warn(`job queue: ${line}`);
    else logger.debug(`job queue: ${line}`);
  };
  return new WorkerLogger(factory);
}

/**
 * Installs or upgrades graphile-worker's schema as the owner (start-up and `npm run migrate` do, with the app's own
 * migrations), then lets the API role work the queue: it adds, takes and completes jobs, and owns nothing.
 */
export async function migrateJobQueue(ownerUrl: string, logger: Logger): Promise<void> {
  await runMigrations({ connectionString: ownerUrl, schema: JOB_SCHEMA, logger: workerLogger(logger) });
  logger.debug('job queue schema ready');
}

/** Grants the API's group role what working the queue takes; idempotent, under a lock (instances start together). */
export async function grantJobQueue(owner: EntityManager | DataSource): Promise<void> {
  const schema = escapeIdentifier(JOB_SCHEMA);
  const run = async (m: EntityManager) => {
    await m.query('SELECT pg_advisory_xact_lock($1)', [GRANT_LOCK]);
    await m.query(`GRANT USAGE ON SCHEMA ${schema} TO ${APP_GROUP_ROLE}`);
    await m.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${APP_GROUP_ROLE}`);
    await m.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${schema} TO ${APP_GROUP_ROLE}`);
    await m.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${schema} TO ${APP_GROUP_ROLE}`);
    // graphile-worker turns row-level security on for its private tables (no policy: only their owner gets in).
    // The API role works the queue: one policy each lets it (job payloads carry ids only, never tenant text).
    const tables: { name: string }[] = await m.query(
      `SELECT c.relname AS name FROM pg_class c
        WHERE c.relnamespace = $1::regnamespace AND c.relkind = 'r' AND c.relrowsecurity
          AND NOT EXISTS (SELECT 1 FROM pg_policies p
                           WHERE p.schemaname = $2 AND p.tablename = c.relname AND p.policyname = 'throughline_worker')`,
      [JOB_SCHEMA, JOB_SCHEMA],
    );
    for (const { name } of tables) {
      await m.query(
        `CREATE POLICY throughline_worker ON ${schema}.${escapeIdentifier(name)} TO ${APP_GROUP_ROLE} USING (true) WITH CHECK (true)`,
      );
    }
  };
  if (owner instanceof DataSource) await owner.transaction(run);
  else await run(owner);
}

export interface JobRunnerOptions {
  /** A direct (session) connection as the API role: DATABASE_DIRECT_URL, else the API's own URL. */
  connectionString: string;
  definitions: readonly JobDefinitions[];
  deps: JobDeps;
  /** Jobs run at once by this instance. */
  concurrency?: number;
  /** How often to look for jobs whose time has come (new ones arrive at once by LISTEN/NOTIFY). */
  pollIntervalMs?: number;
  /** After a shutdown starts, how long running jobs may finish before they are told to stop (abortSignal). */
  shutdownAbortMs?: number;
  /** How often this runner looks for jobs held by a worker that died without releasing them (default 5 s). */
  crashSweepMs?: number;
  /** Told of each job run by this runner: its task, how it ended and how long it took (the job metrics). */
  onJobDone?: (task: string, outcome: 'success' | 'error', seconds: number) => void;
}

export interface JobRunner {
  /** Stops taking jobs, lets running ones finish (or stop, past shutdownAbortMs) and releases them; then closes. */
  stop(): Promise<void>;
}

/** Starts the worker: it takes jobs of every declared task, and adds the scheduled (cron) ones. */
export async function startJobRunner(options: JobRunnerOptions): Promise<JobRunner> {
  const { deps } = options;
  const taskList: TaskList = {};
  for (const definitions of options.definitions) {
    for (const [name, handler] of Object.entries(definitions.tasks ?? {})) {
      if (taskList[name]) throw new Error(`Job task ${name} is declared twice`);
      taskList[name] = async (payload: unknown, helpers: JobHelpers) => {
        const started = process.hrtime.bigint();
        const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
        // A trace of its own per job when tracing is on (its SQL under it); a no-op otherwise.
        await trace.getTracer('throughline-jobs').startActiveSpan(`job ${name}`, async (span) => {
          span.setAttributes({ 'job.task': name, 'job.attempt': helpers.job.attempts });
          try {
            await handler(payload, { deps, abortSignal: helpers.abortSignal, attempts: helpers.job.attempts });
          } catch (error) {
            options.onJobDone?.(name, 'error', seconds());
            span.setStatus({ code: SpanStatusCode.ERROR });
            throw error;
          } finally {
            span.end();
          }
          options.onJobDone?.(name, 'success', seconds());
        });
      };
    }
  }
  const cron = options.definitions.flatMap((d) => d.cron ?? []);
  for (const item of cron) if (!taskList[item.task]) throw new Error(`Scheduled job ${item.task} has no task`);
  // The pool and workers of this runner (created as it starts; jobs are locked in the pool's name), so that stopping can release what they still hold (below).
  const workerIds: string[] = [];
  const liveness = await WorkerLiveness.start(options.connectionString, deps.logger);
  const events: WorkerEvents = new EventEmitter();
  const born = (id: string) => {
    workerIds.push(id);
    liveness.hold(id);
  };
  events.on('pool:create', ({ workerPool }) => born(workerPool.id));
  events.on('worker:create', ({ worker }) => born(worker.workerId));
  let runner: Runner;
  try {
    runner = await run({
      events,
      connectionString: options.connectionString,
      schema: JOB_SCHEMA,
      taskList,
      parsedCronItems: parseCronItems(cron.map((c) => ({ task: c.task, match: c.match, identifier: c.task }))),
      concurrency: options.concurrency ?? 4,
      pollInterval: options.pollIntervalMs ?? 2_000,
      gracefulShutdownAbortTimeout: options.shutdownAbortMs ?? 5_000,
      noHandleSignals: true,
      logger: workerLogger(deps.logger),
    });
  } catch (error) {
    await liveness.end();
    throw error;
  }
  // A runner that stops on its own (the database went away for good) is said, not thrown into the void.
  runner.promise.catch((error: unknown) =>
    deps.logger.error('job worker stopped', { error: error instanceof Error ? error.message : String(error) }),
  );
  const sweep = setInterval(() => void liveness.releaseDead(workerIds), options.crashSweepMs ?? 5_000);
  sweep.unref();
  let stopped: Promise<void> | null = null;
  return {
    stop: () => {
      clearInterval(sweep);
      stopped ??= runner
        .stop()
        .catch((error: unknown) => {
          deps.logger.warn('job worker stopped with an error', { error: (error as Error).message });
        })
        // graphile-worker 0.17 fails an aborted job without waiting for it, and may close its pool first: whatever
        // this runner's workers still hold is released here, to run again at once elsewhere (not in 4 hours).
        .then(() => releaseWorkers(options.connectionString, workerIds, deps.logger))
        .then(() => liveness.end());
      return stopped;
    },
  };
}

async function releaseWorkers(connectionString: string, workerIds: string[], logger: Logger): Promise<void> {
  if (workerIds.length === 0) return;
  const utils = await makeWorkerUtils({ connectionString, schema: JOB_SCHEMA, logger: workerLogger(logger) });
  try {
    await utils.forceUnlockWorkers(workerIds);
  } catch (error) {
    logger.warn('could not release the jobs of a stopped worker', { error: (error as Error).message });
  } finally {
    await utils.release();
  }
}

/** The advisory lock class of worker liveness locks (the two-key form: apart from every one-key lock of the app). */
const LIVENESS_LOCK_CLASS = 7_301_012;
/** Jobs locked this recently are left alone: their worker may not have taken its liveness lock yet. */
const LIVENESS_GRACE = '3 seconds';

/**
 * Which workers are alive, told by PostgreSQL itself: a runner holds `pg_advisory_lock(class, hashtext(worker id))`
 * on a session of its own for every worker it runs, so the lock lasts exactly as long as the process's connection.
 * A lock anyone can take belongs to a dead worker: its jobs are released (force_unlock_workers) to run again.
 */
class WorkerLiveness {
  private readonly held = new Set<string>();
  private client: Client | null = null;
  private ended = false;
  private sweeping = false;

  private constructor(
    private readonly connectionString: string,
    private readonly logger: Logger,
  ) {}

  static async start(connectionString: string, logger: Logger): Promise<WorkerLiveness> {
    const liveness = new WorkerLiveness(connectionString, logger);
    await liveness.connect();
    return liveness;
  }

  private async connect(): Promise<void> {
    const client = new Client({
      connectionString: this.connectionString,
      application_name: 'throughline-worker-liveness',
    });
    client.on('error', (error) => {
      // Its locks went with the connection: take them again on a new one, or other runners release our jobs.
      this.logger.warn('job worker liveness connection lost', { error: error.message });
      if (this.client === client) this.client = null;
      void this.reconnect();
    });
    await client.connect();
    this.client = client;
    for (const id of this.held) await this.lock(client, id);
  }

  private async reconnect(): Promise<void> {
    while (!this.ended && !this.client) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      if (this.ended) return;
      await this.connect().catch((error: Error) =>
        this.logger.warn('job worker liveness: could not reconnect', { error: error.message }),
      );
    }
  }

  /** One statement at a time on the liveness session (pg wants its queries awaited in turn). */
  private tail: Promise<unknown> = Promise.resolve();
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work, work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private lock(client: Client, id: string): Promise<unknown> {
    return this.serial(() => client.query('SELECT pg_advisory_lock($1, hashtext($2))', [LIVENESS_LOCK_CLASS, id]));
  }

  /** This process runs worker `id`: hold its lock while the process lives. */
  hold(id: string): void {
    this.held.add(id);
    if (this.client) {
      this.lock(this.client, id).catch((error: Error) =>
        this.logger.warn('job worker liveness: could not take a lock', { error: error.message }),
      );
    }
  }

  /** Releases the jobs of workers that are not this runner's and whose liveness lock nobody holds. */
  async releaseDead(own: readonly string[]): Promise<void> {
    const client = this.client;
    if (!client || this.sweeping || this.ended) return;
    this.sweeping = true;
    await this.serial(() => this.sweep(client, own)).finally(() => (this.sweeping = false));
  }

  private async sweep(client: Client, own: readonly string[]): Promise<void> {
    try {
      const { rows } = await client.query<{ id: string }>(
        `SELECT DISTINCT locked_by AS id FROM ${JOB_SCHEMA}._private_jobs
          WHERE locked_by IS NOT NULL AND locked_at < now() - interval '${LIVENESS_GRACE}'`,
      );
      const dead: string[] = [];
      for (const { id } of rows) {
        if (own.includes(id)) continue;
        const [{ free }] = (
          await client.query<{ free: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS free', [
            LIVENESS_LOCK_CLASS,
            id,
          ])
        ).rows;
        if (!free) continue;
        await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LIVENESS_LOCK_CLASS, id]);
        dead.push(id);
      }
      if (dead.length === 0) return;
      await client.query(`SELECT ${JOB_SCHEMA}.force_unlock_workers($1::text[])`, [dead]);
      this.logger.warn('job queue: released the jobs of workers that stopped without releasing them', {
        workers: dead.length,
      });
    } catch (error) {
      this.logger.warn('job worker liveness: sweep failed', { error: (error as Error).message });
    }
  }

  async end(): Promise<void> {
    this.ended = true;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
