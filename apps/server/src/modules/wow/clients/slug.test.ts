import { describe, expect, it } from 'vitest';
import { guessRealmSlug } from '../realms';
import { pathSegment } from './slug';

describe('path segments for outside APIs', () => {
  it('percent-encodes and refuses the dot segments a URL would resolve', () => {
    expect(pathSegment('aggra-português')).toBe('aggra-portugu%C3%AAs');
    expect(pathSegment('a/b?c#d')).toBe('a%2Fb%3Fc%23d');
    for (const bad of ['', '.', '..']) expect(pathSegment(bad)).toBeNull();
    // A realm made of dots and spaces slugs to dots: still refused.
    expect(pathSegment(guessRealmSlug('..'))).toBeNull();
  });
});
