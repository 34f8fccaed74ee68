import { GraphQLLocalDate } from 'graphql-scalars';

/** Calendar dates ('YYYY-MM-DD'), exchanged and stored as strings: a due date is a day, not an instant. */
export const LocalDate = GraphQLLocalDate;
