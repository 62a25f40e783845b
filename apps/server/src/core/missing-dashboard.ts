import fs from 'node:fs';
import path from 'node:path';
import { installRoot } from '../config';

/** Where `npm run build` puts the dashboard: found from this file, never from the working directory. */
export const defaultWebDist = path.join(installRoot, 'apps/web/dist');

export const hasDashboard = (webDist: string) => fs.existsSync(path.join(webDist, 'index.html'));

/** How to build the dashboard, for the start-up banner and the page served instead of it. */
export const buildHint = 'npm run build   (in the Guildhall folder; or `npm start`, which builds and serves)';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * The page a browser gets for a dashboard path while the dashboard is not built: what is
 * missing and the one command that fixes it, instead of a JSON 404. No scripts, no inline
 * styles (the Content-Security-Policy allows neither).
 */
export function missingDashboardPage(webDist: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Guildhall: the dashboard is not built</title></head>
<body>
<h1>Guildhall is running, but its dashboard is not built</h1>
<p>The server found no <code>index.html</code> in <code>${escapeHtml(webDist)}</code>.</p>
<p>Build it once, then restart the server:</p>
<pre>npm run build</pre>
<p>(<code>npm start</code> builds the dashboard and serves it in one step.)
The API answers meanwhile: <a href="/api/health">/api/health</a>, <a href="/docs">/docs</a>.</p>
</body>
</html>
`;
}

/** A block of lines in a box, for what a person starting the server must not miss. */
export function boxed(lines: string[]): string {
  const width = Math.max(...lines.map((l) => l.length));
  const bar = '─'.repeat(width + 2);
  return `\n┌${bar}┐\n${lines.map((l) => `│ ${l.padEnd(width)} │`).join('\n')}\n└${bar}┘\n\n`;
}
