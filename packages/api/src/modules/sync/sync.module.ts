import type { ApiModule } from '../../graphql/module';
import { ChangesResolver } from './changes.resolver';

/**
 * What integrators' mirrors follow: the `changes` feed over change_log (written by triggers, migration
 * 1764910000000-ChangeFeed). The lists' `updatedSince` filter and `UPDATED_AT` order live with each list, on the
 * helpers of db/sync.ts.
 */
export const syncModule: ApiModule = { name: 'sync', resolvers: [ChangesResolver] };
