import { validateTelemetryEvents } from '@guildhall/contracts';
import { describe, expect, it } from 'vitest';
import { run } from './cli';
import { type GenerateOptions, generateRaid, generateRaids } from './generate';
import { Random } from './prng';

const START = Date.parse('2026-01-01T20:00:00Z');
const opts = (over: Partial<GenerateOptions> = {}): GenerateOptions => ({
  seed: 42,
  raids: 2,
  eventsPerRaid: 1500,
  start: START,
  ...over,
});
const output = (argv: string[]) => {
  let text = '';
  const summary = run(argv, (t) => {
    text += t;
  });
  return { text, summary };
};

describe('telemetry generator', () => {
  it('gives byte-identical output for the same seed and parameters, ids included', () => {
    const argv = ['--raids', '2', '--events-per-raid', '800', '--seed', '7'];
    const a = output(argv);
    expect(output(argv)).toEqual(a);
    expect(output(['--raids', '2', '--events-per-raid', '800', '--seed', '8']).text).not.toBe(a.text);
    expect(a.summary).toMatch(/^raids 2, events \d+ \(raid001:(kill|wipe) raid002:(kill|wipe)\)$/);
  });

  it('writes a JSON array with --format json holding the same events', () => {
    const nd = output(['--raids', '2', '--events-per-raid', '300', '--format', 'ndjson'])
      .text.trim()
      .split('\n');
    const json = JSON.parse(output(['--raids', '2', '--events-per-raid', '300', '--format', 'json']).text);
    expect(json).toEqual(nd.map((l) => JSON.parse(l)));
  });

  it('produces events the HTTP validation accepts, all of them', () => {
    const events = [...generateRaids(opts())].flatMap((r) => r.events);
    const r = validateTelemetryEvents(events, { now: () => START + 3 * 86_400_000 });
    expect(r.rejected).toEqual([]);
    expect(r.accepted).toHaveLength(events.length);
    expect(new Set(events.map((e) => e.event_id)).size).toBe(events.length);
  });

  it('follows the seed distributions: roles, amounts clipped, phases at 70 % and 40 %', () => {
    const raids = [...generateRaids(opts({ raids: 30, eventsPerRaid: 400 }))];
    const roles = new Map<string, string>();
    for (const r of raids)
      for (const e of r.events) if (e.source_player_role) roles.set(e.source_player_id, e.source_player_role);
    const count = (role: string) => [...roles.values()].filter((x) => x === role).length / roles.size;
    expect(count('tank')).toBeCloseTo(0.1, 1);
    expect(count('healer')).toBeCloseTo(0.2, 1);
    expect(count('dps')).toBeCloseTo(0.7, 1);
    const events = raids.flatMap((r) => r.events);
    const playerDamage = events.filter(
      (e) => e.event_type === 'combat_damage' && e.target_entity_type === 'boss',
    );
    expect(
      playerDamage.every((e) => (e.damage_amount ?? 0) >= 5000 && (e.damage_amount ?? 0) <= 100_000),
    ).toBe(true);
    const heals = events.filter((e) => e.event_type === 'heal');
    expect(heals.every((e) => (e.healing_amount ?? 0) >= 3000 && (e.healing_amount ?? 0) <= 40_000)).toBe(
      true,
    );
    expect(heals.every((e) => e.source_player_role === 'healer')).toBe(true);
    const phases = events.filter((e) => e.event_type === 'boss_phase');
    expect(phases.length).toBeGreaterThan(0);
    for (const p of phases) {
      const n = Number(p.data_quality_flags[0]?.replace('boss_phase_', ''));
      expect(p.target_entity_health_pct_after).toBeLessThanOrEqual(n === 2 ? 70 : 40);
    }
    const timestamps = raids[0]?.events.map((e) => e.timestamp) ?? [];
    expect(timestamps).toEqual([...timestamps].sort());
  });

  it('fixes the seed: bosses hit players, deaths have the victim as target, outcome from the boss health', () => {
    const raids = [...generateRaids(opts({ raids: 10, eventsPerRaid: 1000 }))];
    const events = raids.flatMap((r) => r.events);
    const taken = events.filter((e) => e.event_type === 'combat_damage' && e.target_entity_type === 'player');
    expect(taken.length).toBeGreaterThan(0);
    const deaths = events.filter((e) => e.event_type === 'player_death');
    expect(deaths.length).toBeGreaterThan(0);
    for (const d of deaths) {
      expect(d.source_player_id).toBe('boss_ragnaros');
      expect(d.target_entity_id).toMatch(/^player_/);
      expect(d.data_quality_flags).toEqual(['player_death']);
    }
    for (const r of raids) {
      const lastBossHp = r.events
        .filter((e) => e.target_entity_type === 'boss')
        .at(-1)?.target_entity_health_pct_after;
      expect(r.outcome).toBe(lastBossHp === 0 ? 'kill' : 'wipe');
      // A dead player never acts again.
      const dead = new Set<string>();
      for (const e of r.events) {
        if (e.source_player_id.startsWith('player_')) expect(dead.has(e.source_player_id)).toBe(false);
        if (e.event_type === 'player_death' && e.target_entity_id) dead.add(e.target_entity_id);
      }
    }
    expect(new Set(raids.map((r) => r.outcome))).toEqual(new Set(['kill', 'wipe']));
  });

  it('plays a given roster with the same ids in every raid', () => {
    const roster = [
      { name: 'Thrall', className: 'shaman' as const, role: 'healer' as const },
      { id: 'member_7', name: 'Jaina', className: 'mage' as const },
      { name: 'Varian', role: 'tank' as const },
    ];
    const raids = [...generateRaids(opts({ roster, raids: 3, eventsPerRaid: 300 }))];
    for (const r of raids) {
      const sources = new Set(r.events.map((e) => e.source_player_id).filter((id) => id !== 'boss_ragnaros'));
      expect([...sources].every((id) => ['player_thrall', 'member_7', 'player_varian'].includes(id))).toBe(
        true,
      );
    }
    const thrall = raids[0]?.events.find((e) => e.source_player_id === 'player_thrall');
    expect(thrall).toMatchObject({ source_player_class: 'shaman', source_player_role: 'healer' });
    const jaina = raids.flatMap((r) => r.events).find((e) => e.source_player_id === 'member_7');
    expect(jaina).toMatchObject({
      source_player_name: 'Jaina',
      source_player_class: 'mage',
      source_player_role: 'dps',
    });
  });

  it('starts raid k k days after the given start', () => {
    const r = generateRaid(opts(), 1);
    expect(r.raidId).toBe('raid002');
    expect(Date.parse(r.events[0]?.timestamp ?? '')).toBeGreaterThanOrEqual(START + 86_400_000);
  });
});

describe('boss health', () => {
  it('a tougher boss outlasts the raid: the pull ends as a wipe with health left', () => {
    const outcomes = (bossHealth: number) =>
      Array.from({ length: 4 }, (_, i) => generateRaid({ ...opts(), bossHealth }, i).outcome);
    expect(outcomes(1)).toContain('kill');
    expect(outcomes(4)).toEqual(['wipe', 'wipe', 'wipe', 'wipe']);
    const last = generateRaid({ ...opts(), bossHealth: 4 }, 0)
      .events.filter((e) => e.target_entity_type === 'boss')
      .at(-1);
    expect(last?.target_entity_health_pct_after).toBeGreaterThan(0);
  });
});

describe('Random', () => {
  it('repeats its sequence for a seed and draws UUID v4 shapes', () => {
    const a = new Random('x');
    const b = new Random('x');
    expect([a.next(), a.normal(0, 1), a.beta(2, 1.5)]).toEqual([b.next(), b.normal(0, 1), b.beta(2, 1.5)]);
    expect(a.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
  it('draws Beta(2, 1.5) with its mean 4/7', () => {
    const r = new Random(1);
    let s = 0;
    for (let i = 0; i < 20_000; i++) s += r.beta(2, 1.5);
    expect(s / 20_000).toBeCloseTo(2 / 3.5, 2);
  });
});
