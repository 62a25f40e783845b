import { describe, expect, it } from 'vitest';
import { guessRealmSlug, RealmResolver, realmKey, shippedRealms } from './index';

/** Real realms, written the way the addon does (no spaces), and the slug Blizzard gives them. */
const cases: [region: string, addonName: string, slug: string][] = [
  // Hyphenated: the hyphen is dropped from the slug, not kept.
  ['eu', 'Azjol-Nerub', 'azjolnerub'],
  ['us', 'Azjol-Nerub', 'azjolnerub'],
  // How Guildhall stores it once the upload normalised the realm.
  ['eu', 'AzjolNerub', 'azjolnerub'],
  ['eu', 'Arak-arahm', 'arakarahm'],
  // Words that start lower case once spaces are gone.
  ['eu', 'DerabyssischeRat', 'der-abyssische-rat'],
  ['eu', "Pozzodell'Eternità", 'pozzo-delleternità'],
  ['eu', 'Pozzodell’Eternità', 'pozzo-delleternità'],
  ['eu', 'Aggra(Português)', 'aggra-português'],
  // Russian realms: the game shows Cyrillic, the slug is English.
  ['eu', 'Гордунни', 'gordunni'],
  ['eu', 'Ревущийфьорд', 'howling-fjord'],
  ['eu', 'Ревущий фьорд', 'howling-fjord'],
  // Korean and Taiwanese realms.
  ['kr', '아즈샤라', 'azshara'],
  ['tw', '暗影之月', 'shadowmoon'],
  // US apostrophes and digits.
  ['us', "Mal'Ganis", 'malganis'],
  ['us', 'MalGanis', 'malganis'],
  ['us', 'Area52', 'area-52'],
  ['eu', 'TwistingNether', 'twisting-nether'],
];

describe('realm resolver', () => {
  it.each(cases)('%s %s → %s', (region, name, slug) => {
    const realms = new RealmResolver(region);
    expect(realms.resolve(name)).toMatchObject({ kind: 'known', slug });
    expect(realms.guessed.size).toBe(0);
  });

  it('knows what the old guess got wrong', () => {
    expect(guessRealmSlug('Azjol-Nerub')).toBe('azjol-nerub');
    expect(guessRealmSlug('DerabyssischeRat')).toBe('derabyssische-rat');
    expect(guessRealmSlug('Гордунни')).toBe('гордунни');
  });

  it('resolves slugs and the services’ spellings to the same realm, with its id and connected realm', () => {
    const eu = new RealmResolver('eu');
    expect(eu.find('howling-fjord')).toMatchObject({ id: 1615, connectedRealmId: 1615 });
    expect(eu.find('Howling Fjord')?.slug).toBe('howling-fjord');
    expect(eu.find('AZJOLNERUB')?.id).toBe(503);
    expect(new RealmResolver('KR').find('Azshara')?.id).toBe(205);
  });

  it('guesses only a realm in no table, and remembers it', () => {
    const realms = new RealmResolver('eu');
    expect(realms.resolve('Stormvale')).toEqual({ kind: 'guessed', slug: 'stormvale' });
    expect(realms.resolve('NewRealm')).toEqual({ kind: 'guessed', slug: 'new-realm' });
    realms.resolve('Гордунни');
    expect([...realms.guessed]).toEqual(['Stormvale', 'NewRealm']);
  });

  it('keeps each region to its own realms', () => {
    // Mal'Ganis exists in US and EU; Azshara (아즈샤라) is also an EU realm, but not Hangul.
    expect(new RealmResolver('eu').find('아즈샤라')).toBeUndefined();
    expect(new RealmResolver('us').find('Гордунни')).toBeUndefined();
    expect(new RealmResolver('eu').find("Mal'Ganis")?.id).toBe(590);
    expect(new RealmResolver('us').find("Mal'Ganis")?.id).toBe(59);
  });

  it('lets refreshed entries override the shipped ones and add new realms', () => {
    const realms = new RealmResolver('eu', [
      // A realm renamed since the table was recorded, and one added since.
      {
        id: 1615,
        slug: 'howling-fjord',
        connectedRealmId: null,
        locale: null,
        names: ['Howling Fjord', 'Ревущий фьорд'],
      },
      {
        id: 9999,
        slug: 'new-realm',
        connectedRealmId: 9999,
        locale: null,
        names: ['New Realm', 'Новый мир'],
      },
    ]);
    expect(realms.resolve('Новыймир')).toMatchObject({ kind: 'known', slug: 'new-realm' });
    // What the refresh does not say (the connected realm) is kept from the shipped table.
    expect(realms.find('howling-fjord')?.connectedRealmId).toBe(1615);
  });

  it('names a slug the way the game shows it, without spaces', () => {
    const eu = new RealmResolver('eu');
    expect(eu.gameName('howling-fjord')).toBe('Ревущийфьорд');
    expect(eu.gameName('der-abyssische-rat')).toBe('DerabyssischeRat');
    expect(new RealmResolver('tw').gameName('shadowmoon')).toBe('暗影之月');
    expect(eu.gameName('nowhere')).toBeUndefined();
  });

  it('ships every region with unique keys', () => {
    for (const region of ['eu', 'us', 'kr', 'tw']) {
      const rows = shippedRealms(region);
      expect(rows.length).toBeGreaterThan(15);
      const owner = new Map<string, number>();
      for (const r of rows)
        for (const k of [realmKey(r.slug), ...r.names.map(realmKey)]) {
          expect(owner.get(k) ?? r.id).toBe(r.id);
          owner.set(k, r.id);
        }
    }
  });
});
