import { describe, expect, it } from 'vitest';
import { parseCommandLine, resolveSettings, UsageError } from '../src/args';

describe('parseCommandLine', () => {
  it('reads the run flags', () => {
    expect(
      parseCommandLine([
        '--server',
        'https://g.example.com/',
        '--key',
        'k',
        '--file',
        'a.lua',
        '--file',
        'b.lua',
        '--once',
        '--settle-ms',
        '0',
        '--max-attempts',
        '3',
      ]),
    ).toEqual({
      kind: 'run',
      flags: {
        server: 'https://g.example.com/',
        key: 'k',
        files: ['a.lua', 'b.lua'],
        once: true,
        settleMs: 0,
        maxAttempts: 3,
      },
    });
  });

  it('knows setup, --help and --version', () => {
    expect(parseCommandLine(['setup'])).toEqual({ kind: 'setup' });
    expect(parseCommandLine(['--help'])).toEqual({ kind: 'help' });
    expect(parseCommandLine(['-h'])).toEqual({ kind: 'help' });
    expect(parseCommandLine(['--version'])).toEqual({ kind: 'version' });
  });

  it.each([
    [['--bogus'], 'unknown option --bogus'],
    [['--server'], '--server needs a value'],
    [['--settle-ms', 'soon'], '--settle-ms must be a whole number of at least 0 (got "soon")'],
    [['--max-attempts', '0'], '--max-attempts must be a whole number of at least 1 (got "0")'],
    [['upload'], 'unknown command "upload"'],
    [['setup', '--once'], 'setup takes no options (got --once)'],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(new UsageError(message));
  });
});

describe('resolveSettings', () => {
  const saved = {
    server: 'https://saved.example.com',
    key: 'saved-key',
    files: ['/saved.lua'],
    spoolDir: '/spool',
  };

  it('lets flags override the saved config', () => {
    expect(resolveSettings({ once: false, server: 'http://127.0.0.1:8080/' }, saved, {})).toEqual({
      server: 'http://127.0.0.1:8080',
      key: 'saved-key',
      files: ['/saved.lua'],
      spoolDir: '/spool',
      combatLog: false,
    });
    expect(resolveSettings({ once: false, key: 'flag', files: ['/x.lua'] }, saved, {})).toMatchObject({
      key: 'flag',
      files: ['/x.lua'],
    });
  });

  it('takes the key from GUILDHALL_AGENT_KEY before the saved one', () => {
    expect(resolveSettings({ once: false }, saved, { GUILDHALL_AGENT_KEY: 'env' }).key).toBe('env');
  });

  it('requires a server and a key, and a http(s) URL', () => {
    expect(() => resolveSettings({ once: false, key: 'k' }, undefined, {})).toThrow(/missing --server/);
    expect(() => resolveSettings({ once: false, server: 'https://x' }, undefined, {})).toThrow(
      /missing --key/,
    );
    expect(() => resolveSettings({ once: false, server: 'ftp://x', key: 'k' }, undefined, {})).toThrow(
      /http:\/\/ or https:\/\//,
    );
    expect(() => resolveSettings({ once: false, server: 'not a url', key: 'k' }, undefined, {})).toThrow(
      /is not a URL/,
    );
  });

  it('keeps a path prefix of the server URL', () => {
    expect(
      resolveSettings({ once: false, server: 'https://x.example/guildhall/', key: 'k' }, undefined, {})
        .server,
    ).toBe('https://x.example/guildhall');
  });
});
