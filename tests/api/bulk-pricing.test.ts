import 'reflect-metadata';
import { parse, type GraphQLSchema } from 'graphql';
import { createSchema } from '../../packages/api/src/server/schema';
import { estimateCost } from '../../packages/api/src/graphql/query-cost';
import { BULK_MAX } from '../../packages/api/src/graphql/bulk';
import { FIELD_COSTS } from '../../packages/api/src/modules/rate-limit/field-costs';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await createSchema();
});

const cost = (source: string, variables: Record<string, unknown> = {}) =>
  estimateCost({ schema, document: parse(source), variables, model: FIELD_COSTS });

describe('a bulk change is priced for every item it lists and every item it answers with', () => {
  it.each([
    [
      'sessionsCancel',
      'ConversationSessionsCancelInput',
      'sessions',
      `{ id conversation { title facilitator { email } } }`,
    ],
    ['actionItemsAssign', 'ActionItemsAssignInput', 'actionItems', `{ id owner { email } session { id } }`],
  ])('%s: each answered item is counted as many times as the change may answer', (field, input, list, selection) => {
    const of = (read: string) => cost(`mutation($input: ${input}!) { ${field}(input: $input) { ${list} ${read} } }`);
    // Items unknown (a variable): the most a bulk change takes, BULK_MAX, each a mutation's work and an object read.
    expect(of('{ id }')).toBeGreaterThanOrEqual(BULK_MAX * 10 + BULK_MAX);
    // Two more objects read for each of them.
    expect(of(selection) - of('{ id }')).toBeGreaterThanOrEqual(2 * BULK_MAX);
  });
});
