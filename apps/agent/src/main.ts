import { homedir } from 'node:os';
import { runCli } from './cli';

// Ctrl-C / service stop: stop watching, leave the spool in place, exit 0. A second signal kills.
const controller = new AbortController();
const stop = () => controller.abort();
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

process.exitCode = await runCli({
  argv: process.argv.slice(2),
  env: process.env,
  platform: process.platform,
  homedir: homedir(),
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
});
process.off('SIGINT', stop);
process.off('SIGTERM', stop);
