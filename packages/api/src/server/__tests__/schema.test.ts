import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { printedSchema } from '../print-schema';

describe('the committed schema', () => {
  it('packages/api/schema.graphql matches the schema the code builds (run `npm run schema` after an API change)', async () => {
    const committed = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'schema.graphql'), 'utf8');
    expect(await printedSchema()).toBe(committed);
  });
});
