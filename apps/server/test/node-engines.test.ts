/**
 * The Node version the README promises is one every installed package accepts: each
 * `engines.node` range in package-lock.json admits the oldest Node of the root's `engines`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));

type Version = [number, number, number];
const parse = (v: string): Version => {
  const [a = 0, b = 0, c = 0] = v
    .replace(/^v/, '')
    .split('.')
    .map((p) => (p === 'x' || p === '*' ? 0 : Number(p)));
  return [a, b, c];
};
const cmp = (a: Version, b: Version) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** Whether `version` satisfies an npm range (the forms package.json engines use). */
function satisfies(version: string, range: string): boolean {
  const v = parse(version);
  return range.split('||').some((alternative) => {
    const parts = alternative
      .trim()
      .replace(/([<>=^~]+)\s+/g, '$1')
      .split(/\s+/)
      .filter(Boolean);
    return parts.every((part) => {
      if (part === '*' || part === '') return true;
      const m = /^([<>]=?|\^|~|=)?(v?[\d.x*]+)$/.exec(part);
      if (!m) throw new Error(`unreadable range part "${part}" in "${range}"`);
      const op = m[1] ?? '';
      const bound = parse(m[2]!);
      const given = m[2]!
        .replace(/^v/, '')
        .split('.')
        .filter((p) => p !== 'x' && p !== '*').length;
      switch (op) {
        case '>=':
          return cmp(v, bound) >= 0;
        case '>':
          return cmp(v, bound) > 0;
        case '<':
          return cmp(v, bound) < 0;
        case '<=':
          return cmp(v, bound) <= 0;
        case '^':
          return cmp(v, bound) >= 0 && v[0] === bound[0];
        case '~':
          return cmp(v, bound) >= 0 && v[0] === bound[0] && (given < 2 || v[1] === bound[1]);
        default:
          // "20" or "20.19": any version with that prefix.
          return v.slice(0, given).every((n, i) => n === bound[i]);
      }
    });
  });
}

describe('the Node version', () => {
  it('reads npm ranges the way npm does', () => {
    expect(satisfies('20.19.0', '^20.19.0 || >=22.12.0')).toBe(true);
    expect(satisfies('20.6.0', '^20.19.0 || >=22.12.0')).toBe(false);
    expect(satisfies('20.19.0', '>=22')).toBe(false);
    expect(satisfies('20.19.0', '18 || 20 || >=22')).toBe(true);
    expect(satisfies('20.19.0', '>= 14.6')).toBe(true);
    expect(satisfies('20.19.0', '>=16 || 14 >=14.17')).toBe(true);
  });

  it('is one every installed package accepts, and the README says it', () => {
    const floor = /^>=\s*([\d.]+)$/.exec(read('package.json').engines.node)?.[1];
    expect(floor).toBeDefined();
    const lock = read('package-lock.json') as {
      packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean }>;
    };
    const refusing = Object.entries(lock.packages)
      .filter(([, p]) => !p.optional && p.engines && !Array.isArray(p.engines) && p.engines.node)
      .filter(
        ([, p]) =>
          !satisfies(`${floor}.0`.split('.').slice(0, 3).join('.'), (p.engines as { node: string }).node),
      )
      .map(([name, p]) => `${name}: ${(p.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
    expect(fs.readFileSync(path.join(root, 'README.md'), 'utf8')).toContain(`Node.js ${floor} or newer`);
  });
});
