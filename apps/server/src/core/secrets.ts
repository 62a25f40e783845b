import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The installation's master secret: from GUILDHALL_SECRET, or generated once into the data
 * directory. Separate keys for sealing and for signing are derived from it with HKDF.
 */
export function loadMasterSecret(opts: { secret?: string; dataDir: string }): Buffer {
  if (opts.secret) return Buffer.from(opts.secret, 'utf8');
  const file = path.join(opts.dataDir, 'secret.key');
  try {
    return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const secret = crypto.randomBytes(32);
  try {
    fs.writeFileSync(file, secret.toString('hex'), { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (err) {
    // Another process created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST')
      return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
    throw err;
  }
}

export function deriveKey(master: Buffer, purpose: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), `guildhall:${purpose}`, 32));
}

/** Seals third-party secrets with AES-256-GCM: `v1.<iv>.<tag>.<ciphertext>`, base64url. */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('SecretBox needs a 32-byte key');
  }

  seal(plaintext: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), body]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  open(sealed: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a sealed secret');
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }
}

export const sha256Hex = (value: string | Uint8Array) =>
  crypto.createHash('sha256').update(value).digest('hex');

/** A random token, URL-safe. */
export const randomToken = (bytes = 32) => crypto.randomBytes(bytes).toString('base64url');

/** Constant-time comparison of two strings. */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && crypto.timingSafeEqual(ab, bb);
}

/** Shows the shape of a secret without revealing it: `abcd…wxyz` for long values, `••••` otherwise. */
export function mask(value: string): string {
  if (value.length < 12) return '••••';
  return `${value.slice(0, 4)}…${value.slice(-4)}`;
}
