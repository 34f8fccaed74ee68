import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Secrets the zero-setup default generates once and keeps in the data folder (git-ignored, mode 0600), so that a
 * restart finds the same database passwords and signing keys. Production passes them in through configuration.
 */
export function localSecret(
  dataDir: string,
  name: string,
  generate: () => string = () => randomBytes(24).toString('base64url'),
): string {
  const file = path.join(dataDir, 'secrets', name);
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const value = generate();
  fs.writeFileSync(file, value + '\n', { mode: 0o600 });
  return value;
}
