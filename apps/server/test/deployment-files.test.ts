import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { configSchema } from '../src/config';
import { runCli, SPAWNS_TIMEOUT } from './cli-process';

/**
 * The deployment files cannot be built here (no image registry): what can drift is checked
 * instead. Every environment variable they set is one Guildhall reads, every command they run
 * is a real `guildhall` command with real options, the data volume is where the data
 * directory points, and the GitHub workflow runs what `.ci/run` runs.
 */
const root = path.resolve(import.meta.dirname, '../../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const knownVariables = new Set(Object.keys(configSchema.shape));
/** Set for Node or the container, not read by Guildhall's config. */
const runtimeVariables = new Set(['NODE_ENV']);

interface Dockerfile {
  env: Record<string, string>;
  entrypoint: string[];
  cmd: string[];
  healthcheck: string;
}

/** The final stage's instructions, continuation lines joined. */
function readDockerfile(): Dockerfile {
  const lines = read('Dockerfile')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  const finalStage = lines.slice(lines.findLastIndex((l) => l.startsWith('FROM ')));
  const args = (keyword: string) =>
    finalStage.filter((l) => l.startsWith(`${keyword} `)).map((l) => l.slice(keyword.length + 1).trim());
  const env: Record<string, string> = {};
  for (const line of args('ENV')) {
    for (const m of line.matchAll(/([A-Z_][A-Z0-9_]*)=(\S+)/g)) env[m[1] as string] = m[2] as string;
  }
  const json = (keyword: string) => JSON.parse(args(keyword).at(-1) ?? '[]') as string[];
  return {
    env,
    entrypoint: json('ENTRYPOINT'),
    cmd: json('CMD'),
    healthcheck: args('HEALTHCHECK').join(' '),
  };
}

interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
}

function guildhallServices(): [string, ComposeService][] {
  const compose = parseYaml(read('docker-compose.yml'), { merge: true }) as {
    services: Record<string, ComposeService>;
  };
  return Object.entries(compose.services).filter(([, s]) => s.image === 'guildhall');
}

const fly = () =>
  parseToml(read('fly.toml')) as {
    env: Record<string, string>;
    processes: Record<string, string>;
    mounts: { destination: string }[];
    http_service: { internal_port: number; checks: { path: string }[] };
  };

/** Runs `guildhall <command> <options> --help`: a real command accepts its options and lists them. */
async function expectRealCommand(argv: string[]) {
  const [command, ...options] = argv;
  const result = await runCli([command as string, '--help'], {});
  expect(result.code, `guildhall ${command} --help: ${result.stderr}`).toBe(0);
  for (const option of options) expect(result.stdout).toContain(option);
}

describe('deployment files', () => {
  it('set only environment variables Guildhall reads', () => {
    const used = new Map<string, string>();
    for (const name of Object.keys(readDockerfile().env)) used.set(name, 'Dockerfile');
    for (const [service, s] of guildhallServices()) {
      for (const name of Object.keys(s.environment ?? {})) used.set(name, `docker-compose.yml ${service}`);
    }
    for (const name of Object.keys(fly().env)) used.set(name, 'fly.toml');
    expect(used.size).toBeGreaterThan(10);
    const unknown = [...used].filter(([name]) => !knownVariables.has(name) && !runtimeVariables.has(name));
    expect(unknown).toEqual([]);
  });

  it('give every value a variable accepts', () => {
    const env = { ...readDockerfile().env, ...fly().env };
    for (const [, s] of guildhallServices()) {
      // Compose substitutes `${NAME:-default}` from the operator's shell: check the default.
      for (const [name, value] of Object.entries(s.environment ?? {})) {
        env[name] = String(value).replace(/\$\{[A-Z_]+:?-([^}]*)\}/g, '$1');
      }
    }
    delete env.GUILDHALL_SECRET; // `${GUILDHALL_SECRET:?…}`: the operator must set it
    const parsed = configSchema.safeParse(env);
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('keep the data directory on the volume', () => {
    const { env } = readDockerfile();
    expect(read('Dockerfile')).toContain(`VOLUME ["${env.GUILDHALL_DATA_DIR}"]`);
    for (const [, s] of guildhallServices()) {
      expect(s.volumes?.map((v) => v.split(':')[1])).toContain(env.GUILDHALL_DATA_DIR);
    }
    const f = fly();
    expect(f.mounts.map((m) => m.destination)).toEqual([f.env.GUILDHALL_DATA_DIR]);
    expect(f.http_service.internal_port).toBe(Number(f.env.PORT));
  });

  it('build the dashboard and the agent downloads into the image', () => {
    const build = read('Dockerfile')
      .replace(/\\\n/g, ' ')
      .split('\n')
      .filter((l) => l.startsWith('RUN '));
    // The root build script is the one that builds every workspace, the agent's executables included.
    expect(JSON.parse(read('package.json')).scripts.build).toBe('npm run build --workspaces --if-present');
    expect(JSON.parse(read('apps/agent/package.json')).scripts.build).toBeDefined();
    const step = build.find((l) => l.includes('npm run build'));
    expect(step).toMatch(/^RUN npm run build && rm -rf apps\/agent\/dist\/\.cache && /);
  });

  it('check health on the route the server answers', () => {
    expect(readDockerfile().healthcheck).toContain("'/api/health'");
    expect(fly().http_service.checks.map((c) => c.path)).toEqual(['/api/health']);
  });

  it(
    'run real guildhall commands',
    async () => {
      const { entrypoint, cmd } = readDockerfile();
      expect(entrypoint.slice(-2)).toEqual(['node', 'apps/server/bin/guildhall.js']);
      const commands = [cmd, ...guildhallServices().map(([, s]) => s.command ?? cmd)];
      for (const process of Object.values(fly().processes)) commands.push(process.split(' '));
      const distinct = [...new Map(commands.map((c) => [c.join(' '), c])).values()];
      expect(new Set(distinct.map((c) => c[0]))).toEqual(new Set(['bot', 'migrate', 'serve', 'worker']));
      for (const argv of distinct) await expectRealCommand(argv);
    },
    SPAWNS_TIMEOUT,
  );

  it('run the same steps in the GitHub workflow as .ci/run', () => {
    const ciRun = read('.ci/run')
      .split('\n')
      .filter((l) => /^(npm|npx) /.test(l));
    const workflow = parseYaml(read('.github/workflows/ci.yml')) as {
      jobs: { test: { steps: { run?: string }[]; env: Record<string, string> } };
    };
    const steps = workflow.jobs.test.steps.flatMap((s) => (s.run ? s.run.split('\n') : []));
    expect(ciRun.length).toBeGreaterThanOrEqual(4);
    expect(steps).toEqual(expect.arrayContaining(ciRun));
    expect(Object.keys(workflow.jobs.test.env).sort()).toEqual(['TEST_DATABASE_URL', 'TEST_REDIS_URL']);
  });
});
