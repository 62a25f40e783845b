#!/usr/bin/env node
/**
 * Builds the shipped realm tables (apps/server/src/modules/wow/realms/<region>.json) from two
 * public recordings of Blizzard's realm data; only facts (ids, slugs, names) are taken:
 *
 * 1. erorus/newsstand `scripts/doestheapiwork.php` (commit 066bbbadae9105ead9ed704569173bbe00793cee,
 *    2023-01-07): the `REALM_LIST_JSON` block, recorded from Blizzard's realm and connected-realm
 *    APIs: per region and realm id, `{connectedId, slug, name}` (English name).
 * 2. phanx-wow/LibRealmInfo `LibRealmInfo.lua` (commit 73b1f9e789c650ee90509ff521e8216d5b4a2ab5):
 *    `realmData`, per realm id `"name,rules,locale,region[,timezone|englishName]"`: the name the
 *    game shows (Cyrillic, Hangul, Hanzi) next to the English one.
 *
 * Usage: node tools/realms/build-realm-table.mjs <doestheapiwork.php> <LibRealmInfo.lua> <outDir>
 */
import fs from 'node:fs';
import path from 'node:path';

const [phpPath, luaPath, outDir] = process.argv.slice(2);
if (!phpPath || !luaPath || !outDir) {
  console.error('usage: build-realm-table.mjs <doestheapiwork.php> <LibRealmInfo.lua> <outDir>');
  process.exit(2);
}

const php = fs.readFileSync(phpPath, 'utf8');
const block = php.match(/<<<'EOF'\n([\s\S]*?)\nEOF/);
if (!block) throw new Error('REALM_LIST_JSON not found');
const recorded = JSON.parse(block[1]);

/** LibRealmInfo's realmData: id → { name, locale, region, englishName }. */
const native = new Map();
const lua = fs.readFileSync(luaPath, 'utf8');
const data = lua.slice(lua.indexOf('realmData = {'), lua.indexOf('connectionData = {'));
for (const m of data.matchAll(/\[(\d+)\]="([^"]*)"/g)) {
  const [name, , locale, region, extra] = m[2].split(',');
  native.set(`${region.toLowerCase()}:${m[1]}`, {
    name,
    locale,
    englishName: region === 'US' ? undefined : extra,
  });
}

/** The comparison key the resolver uses: no case, spaces, hyphens, apostrophes or brackets. */
const key = (s) =>
  s
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\s'’`\-().]/g, '');

fs.mkdirSync(outDir, { recursive: true });
for (const [region, realms] of Object.entries(recorded)) {
  const rows = Object.entries(realms)
    .map(([id, r]) => {
      const n = native.get(`${region}:${id}`);
      const names = [];
      for (const name of [r.name, n?.name, n?.englishName].filter(Boolean).map((s) => s.normalize('NFC')))
        if (!names.some((other) => key(other) === key(name))) names.push(name);
      return {
        id: Number(id),
        slug: r.slug,
        connectedRealmId: r.connectedId,
        locale: n?.locale ?? null,
        names,
      };
    })
    .sort((a, b) => a.id - b.id);
  // Two realms of a region must never share a key: the resolver would pick one at random.
  const seen = new Map();
  for (const r of rows)
    for (const k of new Set([...r.names.map(key), key(r.slug)])) {
      const other = seen.get(k);
      if (other !== undefined && other !== r.id)
        throw new Error(`${region}: ${k} names ${other} and ${r.id}`);
      seen.set(k, r.id);
    }
  const file = path.join(outDir, `${region}.json`);
  const body = rows.map((r) => `  ${JSON.stringify(r)}`).join(',\n');
  fs.writeFileSync(file, `[\n${body}\n]\n`);
  console.log(
    `${region}: ${rows.length} realms, ${rows.filter((r) => r.names.length > 1).length} with a second name`,
  );
}
