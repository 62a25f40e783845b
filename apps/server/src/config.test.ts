import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  defaultDataDir,
  describeStorage,
  installRoot,
  loadConfig,
  resolveDataDir,
} from './config';

describe('loadConfig', () => {
  it('starts with embedded defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.REDIS_URL).toBeUndefined();
    expect(c.dataDir).toBe(defaultDataDir);
  });

  it('finds the data directory from the code, not the working directory, unless told otherwise', () => {
    // The installation root holds apps/server: the same folder whatever the cwd.
    expect(defaultDataDir).toBe(path.join(installRoot, 'data'));
    expect(fs.existsSync(path.join(installRoot, 'apps/server/src/config.ts'))).toBe(true);
    expect(resolveDataDir(undefined, '/somewhere/else')).toBe(defaultDataDir);
    expect(resolveDataDir(undefined, '/')).toBe(defaultDataDir);
    // An explicit relative path is a path typed in a shell: from the working directory.
    expect(resolveDataDir('./mine', '/srv/guild')).toBe('/srv/guild/mine');
    expect(resolveDataDir('/var/lib/guildhall', '/srv/guild')).toBe('/var/lib/guildhall');
  });

  it('describes the storage in one line without the database password', () => {
    expect(describeStorage({ dataDir: '/d', DATABASE_URL: undefined })).toBe(
      'data directory /d (embedded database /d/db)',
    );
    const pg = describeStorage({ dataDir: '/d', DATABASE_URL: 'postgres://u:secret@db.host:5432/gh' });
    expect(pg).toBe('data directory /d, database PostgreSQL db.host:5432/gh (DATABASE_URL)');
    expect(pg).not.toContain('secret');
  });

  it('treats empty URLs as unset and coerces numbers', () => {
    const c = loadConfig({ DATABASE_URL: '', REDIS_URL: ' ', PORT: '8080', SCHEDULER_ENABLED: 'false' });
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.REDIS_URL).toBeUndefined();
    expect(c.PORT).toBe(8080);
    expect(c.SCHEDULER_ENABLED).toBe(false);
  });

  it('lists every problem at once, naming the variable and the bad value', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'abc',
        DATABASE_URL: 'not a url',
        LOG_LEVEL: 'loud',
        GUILDHALL_SECRET: 'short-secret',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.find((p) => p.startsWith('PORT:'))).toContain('"abc"');
    expect(problems.some((p) => p.startsWith('DATABASE_URL:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('LOG_LEVEL:'))).toBe(true);
    // The secret's value is never echoed back.
    const secretLine = problems.find((p) => p.startsWith('GUILDHALL_SECRET:'))!;
    expect(secretLine).not.toContain('short-secret');
  });

  it("takes DuckDB's memory limit in DuckDB's units, and names a bad one", () => {
    expect(loadConfig({}).DUCKDB_MEMORY_LIMIT).toBeUndefined();
    expect(loadConfig({ DUCKDB_MEMORY_LIMIT: ' ' }).DUCKDB_MEMORY_LIMIT).toBeUndefined();
    expect(loadConfig({ DUCKDB_MEMORY_LIMIT: ' 2GB ' }).DUCKDB_MEMORY_LIMIT).toBe('2GB');
    expect(loadConfig({ DUCKDB_MEMORY_LIMIT: '1.5 GiB' }).DUCKDB_MEMORY_LIMIT).toBe('1.5 GiB');
    for (const bad of ['lots', '2', '-1GB', '2 gigs']) {
      const problems = (() => {
        try {
          loadConfig({ DUCKDB_MEMORY_LIMIT: bad });
          return [];
        } catch (err) {
          return (err as ConfigError).problems;
        }
      })();
      expect(problems, bad).toEqual([expect.stringMatching(/^DUCKDB_MEMORY_LIMIT: .*2GB or 512MiB/)]);
    }
  });

  it('refuses a port out of range', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(ConfigError);
  });

  it('trusts no proxy by default, and takes a hop count or a list of proxy addresses', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'off' }).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '0' }).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 10.1.0.0/16,::1' }).TRUST_PROXY).toEqual([
      '10.0.0.1',
      '10.1.0.0/16',
      '::1',
    ]);
    for (const bad of ['true', 'everyone', '10.0.0.1/40', '10.0.0.1,nope']) {
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/);
    }
  });

  it("checks the Discord bot's application id and public key", () => {
    const cfg = loadConfig({
      DISCORD_TOKEN: 'bot-token',
      DISCORD_APPLICATION_ID: '1290000000000000001',
      DISCORD_PUBLIC_KEY: 'a'.repeat(64),
    });
    expect(cfg.DISCORD_APPLICATION_ID).toBe('1290000000000000001');
    expect(cfg.DISCORD_TOKEN).toBe('bot-token');
    expect(loadConfig({ DISCORD_PUBLIC_KEY: '' }).DISCORD_PUBLIC_KEY).toBeUndefined();
    expect(() => loadConfig({ DISCORD_PUBLIC_KEY: 'abc' })).toThrow(/DISCORD_PUBLIC_KEY: must be 64 hex/);
    expect(() => loadConfig({ DISCORD_APPLICATION_ID: 'guildhall' })).toThrow(/DISCORD_APPLICATION_ID/);
  });
});
