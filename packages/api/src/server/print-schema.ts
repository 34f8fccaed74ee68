import { lexicographicSortSchema, printSchema } from 'graphql';
import { createSchema } from './schema';

/** The schema as committed in packages/api/schema.graphql: sorted, so that diffs show real changes only. */
export async function printedSchema(): Promise<string> {
  return printSchema(lexicographicSortSchema(await createSchema())) + '\n';
}
