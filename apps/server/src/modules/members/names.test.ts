import { describe, expect, it } from 'vitest';
import { createNameResolver, foldName, mostCommonRealm, normalizeRealm, splitName } from './names';

describe('character names', () => {
  it('writes realms without spaces or hyphens and folds case and Unicode forms', () => {
    expect(normalizeRealm('Argent Dawn')).toBe('ArgentDawn');
    expect(normalizeRealm('Azjol-Nerub')).toBe('AzjolNerub');
    expect(foldName('Thérö-Stormvale')).toBe(foldName('THE\u0301RÖ-stormvale'));
    expect(foldName('Ñor-Dunmoor')).toBe('ñor-dunmoor');
    expect(splitName('Aldrena-Azjol-Nerub')).toEqual({ name: 'Aldrena', realm: 'AzjolNerub' });
    expect(splitName('Aldrena')).toEqual({ name: 'Aldrena', realm: null });
    for (const bad of ['', '  ', '-Stormvale', 'Al\u0000drena', 'Two Words', 'Aldrena-']) {
      expect(splitName(bad)).toBeNull();
    }
  });

  it('accepts the names the game allows and refuses what would travel into a URL path', () => {
    expect(splitName("Zoë-Mal'Ganis")).toEqual({ name: 'Zoë', realm: "Mal'Ganis" });
    expect(splitName('Алдрена-Area 52')).toEqual({ name: 'Алдрена', realm: 'Area52' });
    expect(splitName('Aldrena-Aggra (Português)')).toEqual({ name: 'Aldrena', realm: 'Aggra(Português)' });
    for (const bad of [
      '..',
      '..-Stormvale',
      'Aldrena-..',
      'Aldrena-.',
      'Al/drena',
      'Aldrena-Storm/vale',
      'Aldrena-%2e%2e',
      'Aldrena-a?b',
      'Aldrena-#',
      'Al1drena',
      "Aldrena-''",
    ]) {
      expect([bad, splitName(bad)]).toEqual([bad, null]);
    }
  });

  it('resolves bare names to the configured realm first', () => {
    const resolve = createNameResolver('Storm vale', ['Borvik-Ironreach', 'Ceyla-Ironreach']);
    expect(resolve('Aldrena')).toEqual({
      name: 'Aldrena-Stormvale',
      realm: 'Stormvale',
      key: 'aldrena-stormvale',
    });
    expect(resolve('Borvik-Ironreach')?.name).toBe('Borvik-Ironreach');
  });

  it('never guesses the most common qualified realm for a bare name (those are connected realms)', () => {
    const names = ['Aldrena', 'Borvik-Ironreach', 'Ceyla-Dunmoor', 'Dorn-Dunmoor'];
    expect(mostCommonRealm(names)).toBe('Dunmoor');
    expect(createNameResolver(null, names)('Aldrena')).toBeNull();
    // A single qualified namesake resolves, unless its realm is a known connected one.
    const withChat = [...names, 'Aldrena-Stormvale'];
    expect(createNameResolver(null, withChat)('Aldrena')?.name).toBe('Aldrena-Stormvale');
    expect(createNameResolver(null, withChat, { connectedRealms: ['Storm vale'] })('Aldrena')).toBeNull();
  });

  it('does not merge a bare name when the realm is ambiguous', () => {
    const names = [
      'Aldrena',
      'Aldrena-Ironreach',
      'Aldrena-Dunmoor',
      'Borvik',
      'Borvik-Dunmoor',
      'Eld-Ironreach',
      'Ceyla',
    ];
    expect(mostCommonRealm(names)).toBeNull();
    const resolve = createNameResolver(null, names);
    expect(resolve('Aldrena')).toBeNull(); // two candidates
    expect(resolve('Ceyla')).toBeNull(); // none
    expect(resolve('borvik')?.name).toBe('Borvik-Dunmoor'); // exactly one, compared folded
  });
});
