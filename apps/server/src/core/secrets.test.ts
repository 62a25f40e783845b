import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveKey, loadMasterSecret, mask, SecretBox, safeEqual } from './secrets';

describe('SecretBox', () => {
  const box = new SecretBox(deriveKey(Buffer.from('x'.repeat(32)), 'seal'));

  it('round-trips and never stores the clear text', () => {
    const sealed = box.seal('wcl-client-secret-123');
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(sealed).not.toContain('wcl-client-secret-123');
    expect(box.open(sealed)).toBe('wcl-client-secret-123');
    // A fresh IV each time: the same secret seals differently.
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('refuses tampered or foreign ciphertext', () => {
    const sealed = box.seal('hello');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow();
    const other = new SecretBox(deriveKey(Buffer.from('y'.repeat(32)), 'seal'));
    expect(() => other.open(sealed)).toThrow();
    expect(() => box.open('garbage')).toThrow('not a sealed secret');
  });
});

describe('loadMasterSecret', () => {
  it('generates a key once into the data directory, readable only by its owner', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-secret-'));
    const first = loadMasterSecret({ dataDir: dir });
    const second = loadMasterSecret({ dataDir: dir });
    expect(first.equals(second)).toBe(true);
    expect(first).toHaveLength(32);
    expect(fs.statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    fs.rmSync(dir, { recursive: true });
  });

  it('prefers GUILDHALL_SECRET and writes nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-secret-'));
    const key = loadMasterSecret({ secret: 's'.repeat(40), dataDir: dir });
    expect(key.toString()).toBe('s'.repeat(40));
    expect(fs.existsSync(path.join(dir, 'secret.key'))).toBe(false);
    fs.rmSync(dir, { recursive: true });
  });
});

describe('helpers', () => {
  it('masks secrets and compares in constant time', () => {
    expect(mask('abcdefghijklmnop')).toBe('abcd…mnop');
    expect(mask('short')).toBe('••••');
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });
});
