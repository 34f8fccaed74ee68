import type { ApiModule } from '../../graphql/module';
import { RatingEntity } from './rating.entity';

/** Ratings are written and read through the session module; this module owns their table. */
export const ratingModule: ApiModule = { name: 'rating', entities: [RatingEntity] };
