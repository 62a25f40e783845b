/**
 * `npm run bench`: runs every `bench/*.bench.ts` in its own process, one after the other
 * (two cores: benchmarks in parallel would measure each other), and passes on the one
 * JSON line each prints. `npm run bench -- http` runs the ones whose name contains "http".
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = import.meta.dirname;
const filter = process.argv[2];
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
  .sort();

let failed = 0;
for (const file of files) {
  process.stderr.write(`bench: ${file}\n`);
  const res = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, file)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    timeout: 10 * 60_000,
  });
  const line = res.stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .at(-1);
  if (res.status !== 0 || !line) {
    failed += 1;
    process.stdout.write(
      `${JSON.stringify({ bench: file.replace('.bench.ts', ''), error: `exit ${res.status ?? res.signal}` })}\n`,
    );
  } else {
    process.stdout.write(`${line}\n`);
  }
}
process.exit(failed ? 1 : 0);
