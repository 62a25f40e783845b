import { TELEMETRY_CLASSES, type TTelemetryClass, validateTelemetryEvents } from '@guildhall/contracts';
import { type GenerateOptions, generateRaids, type RosterEntry } from '@guildhall/telemetry-gen';
import type { Executor } from '../../core/db';
import { AppError } from '../../core/errors';
import type { ObjectStore } from '../../core/storage/object-store';
import { loadCommunityCharacters, splitName } from '../members';
import { writeBronzeBatch } from './bronze';

/**
 * The generator (`@guildhall/telemetry-gen`) inside Guildhall: a community's members as the
 * raid roster, and generated raids straight into bronze as if they had been posted.
 */

const CLASS_TOKENS = new Set<string>(TELEMETRY_CLASSES);

/** `DEATHKNIGHT` (the addon's class token) → `death_knight`; classes outside the model → undefined. */
function telemetryClass(token: string | null): TTelemetryClass | undefined {
  if (!token) return undefined;
  const word =
    token.toUpperCase() === 'DEATHKNIGHT' ? 'death_knight' : token.toLowerCase().replace(/ /g, '_');
  return CLASS_TOKENS.has(word) ? (word as TTelemetryClass) : undefined;
}

/**
 * The raid team drawn from a community: the main character of each active member still in the
 * roster, by name, at most `players`. A player's id is the character's `Name-Realm`, the same in
 * every raid, so the gold tables follow the member from raid to raid.
 */
export async function communityRoster(
  db: Executor,
  communityId: string,
  players: number,
): Promise<RosterEntry[]> {
  const characters = await loadCommunityCharacters(db, communityId);
  const team = characters
    .filter((c) => c.isMain && c.member.active && c.inRoster)
    .sort((a, b) => (a.nameKey < b.nameKey ? -1 : a.nameKey > b.nameKey ? 1 : 0))
    .slice(0, players);
  if (team.length === 0) {
    throw new AppError('UNPROCESSABLE', 'the community has no active member with a main character to play');
  }
  return team.map((c) => {
    const className = telemetryClass(c.className);
    const role = c.role ?? undefined;
    return {
      id: c.name,
      name: (splitName(c.name)?.name ?? c.name).slice(0, 12),
      ...(className ? { className } : {}),
      ...(role ? { role } : {}),
    };
  });
}

/**
 * Writes generated raids into bronze, one batch per raid (`gen-<seed hash>-<raid id>`), the
 * events completed as the HTTP route stores them; `clock` is the injected "now" (ingestion
 * time, the `ingest_date` partition), so the same arguments write the same objects.
 */
export async function writeGeneratedRaids(
  store: ObjectStore,
  communityId: string,
  options: GenerateOptions,
  clock: number,
  batchPrefix: string,
): Promise<{ raids: number; events: number }> {
  let raids = 0;
  let events = 0;
  for (const raid of generateRaids(options)) {
    const checked = validateTelemetryEvents(raid.events, { now: () => clock });
    if (checked.rejected.length > 0) {
      const first = checked.rejected[0]?.errors[0];
      throw new AppError('UNPROCESSABLE', `generated event refused: ${first?.field}: ${first?.message}`);
    }
    await writeBronzeBatch(store, {
      communityId,
      batchId: `${batchPrefix}-${raid.raidId}`,
      ingestedAt: new Date(clock),
      rows: checked.accepted,
    });
    raids++;
    events += checked.accepted.length;
  }
  return { raids, events };
}
