import fs from 'node:fs';
import { parseSavedVariables } from '@guildhall/lua';
import { describe, expect, it } from 'vitest';
import { readSavedVariables } from './saved-variables';

const example = new URL('./testdata/GuildActivityTracker.lua', import.meta.url);

describe('reading GuildActivityTracker.lua', () => {
  it('reads roster, chat, scores and snapshots of the example file', () => {
    const obs = readSavedVariables(parseSavedVariables(fs.readFileSync(example)));
    // The roster is rebuilt with a snapshot: its time is the newest stats key.
    expect(obs.rosterAt).toBe(1767142205);
    expect(obs.rosterStale).toBe(false);
    expect(obs.recorder).toEqual({
      clientId: '4821771767056400',
      role: 'collector',
      recording: true,
      lastRecordedAt: 1767142260,
      lastSyncedAt: null,
      pendingMessages: 1,
      pendingSnapshots: 1,
    });
    expect(obs.roster).toEqual([
      { name: 'Aldrena', rank: 'Teniente', level: 80, className: 'PALADIN', online: true },
      { name: 'Borvik-Ironreach', rank: 'Recluta', level: 72, className: 'SHAMAN', online: false },
    ]);
    expect(obs.chat).toEqual([
      {
        name: 'Aldrena-Stormvale',
        total: 42,
        daily: { '2025-12': { '29': 17, '30': 25 } },
        lastMessage: 'anyone up for a key tonight?',
        lastSeenTs: 1767142260,
        rankName: 'Teniente',
        rankIndex: 3,
      },
    ]);
    expect(obs.scores).toEqual([{ name: 'Aldrena', score: 2715, className: 'PALADIN', spec: 'Desconocido' }]);
    expect(obs.snapshots.map((s) => [s.at, s.count])).toEqual([
      [1767141602, 21],
      [1767142205, 23],
    ]);
    expect(obs.malformed).toBe(0);
  });

  it('skips bad entries, impossible dates and accepts the older list form of stats', () => {
    const obs = readSavedVariables({
      GuildActivityTrackerDB: {
        data: {
          'Aldrena-Stormvale': {
            daily: { '2025-02-30': 3, '2024-02-29': 2, yesterday: 1, '2025-01-01': -4 },
          },
          broken: 'not a table',
        },
        roster: { Aldrena: { level: 'eighty', class: 'paladin' }, Bad: 7 },
        stats: [
          {
            ts: 1767141602,
            iso: '2025-12-31T00:40:02Z',
            onlineCount: 21,
            online: { Aldrena: true, Borvik: false },
          },
          { iso: '2025-12-31T00:50:02Z', onlineCount: 22 },
          { onlineCount: 5 },
        ],
        mythic: { Aldrena: { score: 'high' } },
      },
    });
    expect(obs.chat[0]!.daily).toEqual({ '2024-02': { '29': 2 } });
    expect(obs.roster).toEqual([
      { name: 'Aldrena', rank: null, level: null, className: 'PALADIN', online: false },
    ]);
    expect(obs.snapshots).toEqual([
      { at: 1767141602, count: 21, online: ['Aldrena'] },
      { at: 1767142202, count: 22, online: null },
    ]);
    // broken data entry, roster "Bad", the stats entry without a time, the score that is no number
    expect(obs.malformed).toBe(4);
  });

  it("marks a helper PC's roster stale and reads an empty online list of a stats entry as unknown", () => {
    const obs = readSavedVariables({
      GuildActivityTrackerDB: {
        roster: { Aldrena: { rank: 'Recluta' } },
        stats: [
          { ts: 1767141602, onlineCount: 21, online: {} },
          { ts: 1767141902, onlineCount: 0, online: {} },
        ],
        rosterLastUpdateAt: 1767199999,
        _sync: { clientId: 9103441766970000, role: 'idle', lastSnapshotAppliedAt: 1767141000 },
      },
    });
    expect(obs.rosterStale).toBe(true);
    expect(obs.rosterAt).toBe(1767141902);
    expect(obs.recorder).toMatchObject({
      clientId: '9103441766970000',
      recording: false,
      lastSyncedAt: 1767141000,
    });
    expect(obs.snapshots.map((s) => s.online)).toEqual([null, []]);
  });

  it('refuses a file without the tracker table, or with a section of the wrong type', () => {
    expect(() => readSavedVariables({ OtherAddonDB: {} })).toThrow(/not a Guild Activity Tracker file/);
    expect(() => readSavedVariables({ GuildActivityTrackerDB: { roster: 'x' } })).toThrow(
      /roster is not a table/,
    );
  });
});
