import { describe, expect, it } from 'vitest';
import { combatLogFileId, firstLine, isCombatLogLine } from './identity';
import { parseCombatLog } from './stream';

const header =
  '6/14/2025 18:01:13.780-4  COMBAT_LOG_VERSION,22,ADVANCED_LOG_ENABLED,1,BUILD_VERSION,11.1.5,PROJECT_ID,1';
const cast =
  '6/14/2025 18:01:14.000-4  SPELL_CAST_START,Player-1084-0A1B2C3D,"Aerin-Stormvale",0x514,0x0,0000000000000000,nil,0x80000000,0x80000000,133,"Fireball",0x4';

describe('combat log identity', () => {
  it('names a log by its first line: the same when it grows, is sent with a BOM or CRLF', () => {
    const id = combatLogFileId(Buffer.from(`${header}\n`));
    expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect(combatLogFileId(Buffer.from(`${header}\n${cast}\n${cast}\n`))).toBe(id);
    expect(combatLogFileId(Buffer.from(`\ufeff${header}\r\n${cast}`))).toBe(id);
    expect(combatLogFileId(Buffer.from(`${header.replace('780', '781')}\n`))).not.toBe(id);
  });

  it('refuses what is not a combat log, or a first line that never ends', () => {
    expect(combatLogFileId(Buffer.from('{"event_type":"heal"}\n'))).toBeUndefined();
    expect(combatLogFileId(Buffer.from('SavedVariables = {}\n'))).toBeUndefined();
    expect(combatLogFileId(Buffer.from(header))).toBeUndefined();
    expect(firstLine(Buffer.from('x'.repeat(5000)))).toBeUndefined();
  });

  it('recognises every documented timestamp form', () => {
    for (const stamp of ['12/14 19:29:03.096', '6/14/2025 18:01:13.780-4', '8/15/2026 11:27:07.8822'])
      expect(isCombatLogLine(`${stamp}  SPELL_CAST_SUCCESS,x`)).toBe(true);
    expect(isCombatLogLine('2025-06-14T18:01:13Z heal')).toBe(false);
  });
});

describe('completeLinesOnly', () => {
  it('leaves a last line still being written for the next read', async () => {
    const text = `${header}\n${cast}\n${cast.slice(0, 40)}`;
    const batches = [];
    for await (const b of parseCombatLog([Buffer.from(text)], {
      fileId: 'f',
      year: 2025,
      completeLinesOnly: true,
    }))
      batches.push(b);
    expect(batches.at(-1)?.checkpoint).toMatchObject({ line: 2, offset: header.length + cast.length + 2 });
  });
});
