import { DataSource } from 'typeorm';
import { Foundation1764000000000 } from './migrations/1764000000000-Foundation';
import { ImprovementDomain1764100000000 } from './migrations/1764100000000-ImprovementDomain';

export const MIGRATIONS = [Foundation1764000000000, ImprovementDomain1764100000000];

export interface DataSourceOptions {
  url: string;
  poolMax: number;
  applicationName: string;
  statementTimeoutMs?: number;
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
  return new DataSource({
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
      application_name: options.applicationName,
      connectionTimeoutMillis: 10_000,
      idleTimeoutMillis: 30_000,
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    },
  });
}
