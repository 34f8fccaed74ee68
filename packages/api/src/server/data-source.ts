import type { DataSource } from 'typeorm';
import { createDataSource, type DataSourceOptions } from '../db/data-source';
import { ENTITIES } from './modules';

/** A data source that maps every module's entities: what the API, the demo seed and the benchmarks use. */
export function createAppDataSource(options: Omit<DataSourceOptions, 'entities'>): DataSource {
  return createDataSource({ ...options, entities: ENTITIES });
}
