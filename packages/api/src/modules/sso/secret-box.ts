import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Client secrets of identity providers, sealed with AES-256-GCM under the deployment's SECRETS_KEY. The associated
 * data names the row (district and provider), so a sealed value copied into another row, or another district,
 * does not open. Stored as `v1.<iv>.<tag>.<ciphertext>` (base64url); the key never reaches the database.
 */
const VERSION = 'v1';

export class SecretBoxError extends Error {}

function aad(districtId: string, providerId: string): Buffer {
  return Buffer.from(`identity_provider:${districtId}:${providerId}`, 'utf8');
}

export function sealSecret(key: Buffer, districtId: string, providerId: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(districtId, providerId));
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/** The secret in clear; SecretBoxError when the key is another one or the value was tampered with or moved. */
export function openSecret(key: Buffer, districtId: string, providerId: string, sealed: string): string {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new SecretBoxError('not a sealed secret');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(aad(districtId, providerId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretBoxError('the sealed secret does not open with this key');
  }
}
