import { homedir } from 'node:os';
import { runCli } from './cli';

// The entry of the bundle and of the executables (no top-level await: an executable's embedded
// script runs as CommonJS).
// Ctrl-C / service stop: stop watching, leave the spool in place, exit 0. A second signal kills.
const controller = new AbortController();
const stop = () => controller.abort();
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

void runCli({
  argv: process.argv.slice(2),
  env: process.env,
  platform: process.platform,
  homedir: homedir(),
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
}).then((code) => {
  process.exitCode = code;
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
});
