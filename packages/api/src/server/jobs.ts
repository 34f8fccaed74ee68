import os from 'node:os';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import type { Logger } from '../logger';
import {
  DEFAULT_MAIL_SETTINGS,
  DEFAULT_WEBHOOK_SETTINGS,
  type DeliveryOutcomes,
  type MailSettings,
  startJobRunner,
  type JobDefinitions,
  type JobRunner,
  type WebhookSettings,
} from '../jobs/queue';
import { MODULES } from './modules';
import type { Metrics } from '../http/metrics';

/** Every module's tasks and schedules, for the one job queue. */
export const JOB_DEFINITIONS: readonly JobDefinitions[] = MODULES.flatMap((m) => (m.jobs ? [m.jobs] : []));

/** Webhook rules from the configuration: production's stricter targets, this server's own names. */
export function webhookSettingsFrom(config: Config): Partial<WebhookSettings> {
  const ownHosts = new Set<string>([os.hostname()]);
  if (!['0.0.0.0', '::'].includes(config.host)) ownHosts.add(config.host);
  for (const origin of config.allowedOrigins) ownHosts.add(new URL(origin).hostname);
  return { production: config.env === 'production', ownHosts: [...ownHosts], timeoutMs: config.webhookTimeoutMs };
}

/** Mail from the configuration: SMTP_URL, MAIL_FROM, PUBLIC_URL (links). */
export function mailSettingsFrom(config: Config): Partial<MailSettings> {
  return { smtpUrl: config.smtpUrl, from: config.mailFrom ?? DEFAULT_MAIL_SETTINGS.from, publicUrl: config.publicUrl };
}

export interface JobWorkerOptions {
  /** A direct (session) connection as the API role: DATABASE_DIRECT_URL, else the API's URL. */
  connectionString: string;
  /** The API role's data source the tasks work through (under row-level security, one district at a time). */
  dataSource: DataSource;
  logger: Logger;
  webhooks?: Partial<WebhookSettings>;
  mail?: Partial<MailSettings>;
  concurrency?: number;
  pollIntervalMs?: number;
  shutdownAbortMs?: number;
  /** The process's metrics: job durations, the queue's depth. */
  metrics?: Metrics;
}

/** Delivery outcomes counted in the process's metrics (/metrics). */
function deliveryOutcomes(metrics: Metrics): DeliveryOutcomes {
  return {
    webhook: (outcome) => metrics.webhookDeliveries.inc({ outcome }),
    mail: (kind, outcome) => metrics.mailDeliveries.inc({ kind, outcome }),
  };
}

/** Starts the job worker with every module's tasks (in `npm start`, in `npm run worker`, and in tests). */
export function startJobWorker(options: JobWorkerOptions): Promise<JobRunner> {
  options.metrics?.observeJobQueue(options.dataSource);
  return startJobRunner({
    connectionString: options.connectionString,
    definitions: JOB_DEFINITIONS,
    deps: {
      dataSource: options.dataSource,
      logger: options.logger,
      webhooks: { ...DEFAULT_WEBHOOK_SETTINGS, ...options.webhooks },
      mail: { ...DEFAULT_MAIL_SETTINGS, ...options.mail },
      outcomes: options.metrics ? deliveryOutcomes(options.metrics) : undefined,
    },
    concurrency: options.concurrency,
    pollIntervalMs: options.pollIntervalMs,
    shutdownAbortMs: options.shutdownAbortMs,
    onJobDone: options.metrics
      ? (task, outcome, seconds) => options.metrics!.jobDuration.observe({ task, outcome }, seconds)
      : undefined,
  });
}
