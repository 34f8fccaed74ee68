import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { printedSchema } from './print-schema';

/** `npm run schema`: writes packages/api/schema.graphql from the code. */
printedSchema().then((sdl) => {
  const file = path.resolve(__dirname, '..', '..', 'schema.graphql');
  fs.writeFileSync(file, sdl);
  process.stdout.write(`wrote ${file}\n`);
});
