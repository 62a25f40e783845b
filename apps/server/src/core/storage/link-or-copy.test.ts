import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** Link failures the test chooses, by error code, for every link made while it is set. */
const refuse = vi.hoisted(() => ({ code: undefined as string | undefined }));

function failure(code: string) {
  return Object.assign(new Error(`${code}: refused by the test`), { code });
}

vi.mock('node:fs', async (original) => {
  const real = await original<typeof import('node:fs')>();
  return {
    ...real,
    linkSync: (src: fs.PathLike, dst: fs.PathLike) => {
      if (refuse.code) throw failure(refuse.code);
      real.linkSync(src, dst);
    },
  };
});
vi.mock('node:fs/promises', async (original) => {
  const real = await original<typeof import('node:fs/promises')>();
  return {
    ...real,
    link: async (src: fs.PathLike, dst: fs.PathLike) => {
      if (refuse.code) throw failure(refuse.code);
      await real.link(src, dst);
    },
  };
});

const { linkOrCopy, linkOrCopySync } = await import('./link-or-copy');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-link-'));
  fs.writeFileSync(path.join(dir, 'src'), 'bytes');
  refuse.code = undefined;
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.each([
  ['linkOrCopy', (src: string, dst: string) => linkOrCopy(src, dst)],
  ['linkOrCopySync', async (src: string, dst: string) => linkOrCopySync(src, dst)],
])('%s', (_name, make) => {
  const src = () => path.join(dir, 'src');
  const dst = () => path.join(dir, 'dst');

  it('links when it can: the two names share one file', async () => {
    await make(src(), dst());
    expect(fs.statSync(dst()).ino).toBe(fs.statSync(src()).ino);
  });

  it.each(['EXDEV', 'EPERM', 'ENOTSUP', 'EMLINK'])('copies when a link is refused with %s', async (code) => {
    refuse.code = code;
    await make(src(), dst());
    expect(fs.readFileSync(dst(), 'utf8')).toBe('bytes');
    expect(fs.statSync(dst()).ino).not.toBe(fs.statSync(src()).ino);
  });

  it('throws what a copy would meet too, and copies nothing', async () => {
    refuse.code = 'EACCES';
    await expect(make(src(), dst())).rejects.toMatchObject({ code: 'EACCES' });
    refuse.code = undefined;
    await expect(make(path.join(dir, 'missing'), dst())).rejects.toMatchObject({ code: 'ENOENT' });
    expect(fs.existsSync(dst())).toBe(false);
  });
});
