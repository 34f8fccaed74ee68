import { DataSource } from 'typeorm';
import { disableStatementCache } from './prepared';
import { Foundation1764000000000 } from './migrations/1764000000000-Foundation';
import { ImprovementDomain1764100000000 } from './migrations/1764100000000-ImprovementDomain';
import { RateLimit1764200000000 } from './migrations/1764200000000-RateLimit';
import { SignInThrottle1764300000000 } from './migrations/1764300000000-SignInThrottle';
import { SessionExistence1764600000000 } from './migrations/1764600000000-SessionExistence';
import { MeasurementSettings1764700000000 } from './migrations/1764700000000-MeasurementSettings';
import { FollowThrough1764710000000 } from './migrations/1764710000000-FollowThrough';
import { FactsFixed1764720000000 } from './migrations/1764720000000-FactsFixed';
import { DistrictCalendar1764730000000 } from './migrations/1764730000000-DistrictCalendar';
import { ApiClients1764800000000 } from './migrations/1764800000000-ApiClients';
import { Outbox1764810000000 } from './migrations/1764810000000-Outbox';
import { IdentityProviders1764820000000 } from './migrations/1764820000000-IdentityProviders';
import { SessionFacts1764900000000 } from './migrations/1764900000000-SessionFacts';
import { RosterImport1764920000000 } from './migrations/1764920000000-RosterImport';
import { ChangeFeed1764910000000 } from './migrations/1764910000000-ChangeFeed';
import { CalendarsAndMail1764930000000 } from './migrations/1764930000000-CalendarsAndMail';
import { PrivacyOps1764950000000 } from './migrations/1764950000000-PrivacyOps';
import { PrivacyExport1764960000000 } from './migrations/1764960000000-PrivacyExport';
import { ApiClientUsage1765000000000 } from './migrations/1765000000000-ApiClientUsage';
import { RosterMapping1765010000000 } from './migrations/1765010000000-RosterMapping';
import { LearnerConsent1765050000000 } from './migrations/1765050000000-LearnerConsent';
import { MailPreferences1765020000000 } from './migrations/1765020000000-MailPreferences';
import { FunnelRollups1765030000000 } from './migrations/1765030000000-FunnelRollups';
import { RosterHandover1765070000000 } from './migrations/1765070000000-RosterHandover';
import { OperatorOutboxReads1765090000000 } from './migrations/1765090000000-OperatorOutboxReads';
import { DistrictKeys1765100000000 } from './migrations/1765100000000-DistrictKeys';
import { FunnelPersonBits1765110000000 } from './migrations/1765110000000-FunnelPersonBits';
import { RateLimitMinutes1765120000000 } from './migrations/1765120000000-RateLimitMinutes';
import { StaffPrincipal1765130000000 } from './migrations/1765130000000-StaffPrincipal';
import { ActionSessionOrder1765140000000 } from './migrations/1765140000000-ActionSessionOrder';
import { FunnelDistrictDays1765150000000 } from './migrations/1765150000000-FunnelDistrictDays';

export const MIGRATIONS = [
  Foundation1764000000000,
  ImprovementDomain1764100000000,
  RateLimit1764200000000,
  SignInThrottle1764300000000,
  SessionExistence1764600000000,
  MeasurementSettings1764700000000,
  FollowThrough1764710000000,
  FactsFixed1764720000000,
  DistrictCalendar1764730000000,
  ApiClients1764800000000,
  Outbox1764810000000,
  IdentityProviders1764820000000,
  SessionFacts1764900000000,
  RosterImport1764920000000,
  ChangeFeed1764910000000,
  CalendarsAndMail1764930000000,
  PrivacyOps1764950000000,
  PrivacyExport1764960000000,
  ApiClientUsage1765000000000,
  RosterMapping1765010000000,
  MailPreferences1765020000000,
  FunnelRollups1765030000000,
  LearnerConsent1765050000000,
  RosterHandover1765070000000,
  OperatorOutboxReads1765090000000,
  DistrictKeys1765100000000,
  FunnelPersonBits1765110000000,
  RateLimitMinutes1765120000000,
  StaffPrincipal1765130000000,
  ActionSessionOrder1765140000000,
  FunnelDistrictDays1765150000000,
];

export interface DataSourceOptions {
  url: string;
  poolMax: number;
  applicationName: string;
  /**
   * How long a request waits for a pooled connection before it is answered 503 (default 5 s). Statement timeouts
   * are not set here: a startup parameter is refused by PgBouncer in transaction pooling, so the transaction sets
   * its own (db/transaction.ts).
   */
  poolWaitMs?: number;
  /**
   * Named statements for the statements planned once per connection (db/prepared.ts; DATABASE_STATEMENT_CACHE,
   * default on). Off behind a pooler that moves a connection's transactions between server connections.
   */
  statementCache?: boolean;
  /**
   * The entity classes the repositories map. The composition root passes every module's; migrations, roles and
   * raw SQL need none.
   */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: Function[];
}

/**
 * A TypeORM data source over a pg pool. The schema only ever comes from migrations; TypeORM's query cache stays
 * off, because it keys on SQL and parameters alone and would serve one district's rows to another.
 */
export function createDataSource(options: DataSourceOptions): DataSource {
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.url,
    entities: options.entities ?? [],
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    cache: false,
    logging: false,
    invalidWhereValuesBehavior: { null: 'throw', undefined: 'throw' },
    extra: {
      max: options.poolMax,
      // A pool of fixed size once opened (HikariCP's advice): an idle connection stays open. A new server process
      // reads the catalog for each relation and policy it meets, so its first district funnel cost about 130 ms
      // against 30 once warm; eight dashboards opened at once after a quiet spell waited 650-800 ms for eight new
      // connections (bench:peer, Q3b). Connections are opened as requests need them, never ahead. (pg-pool closes
      // idle connections only above `min`, so no idle timeout is set.)
      min: options.poolMax,
      application_name: options.applicationName,
      connectionTimeoutMillis: options.poolWaitMs ?? 5_000,
    },
  });
  if (options.statementCache === false) disableStatementCache(dataSource);
  return dataSource;
}
