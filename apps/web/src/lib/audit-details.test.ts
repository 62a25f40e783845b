import { describe, expect, it } from 'vitest';
import { detailLines } from './audit-details';

const count = (n: number) => `${n} items`;

describe('audit details as lines', () => {
  it('lists flat facts as key/value lines', () => {
    expect(detailLines({ role: 'officer' }, count)).toEqual([['role', 'officer']]);
  });

  it('flattens nested objects into dotted keys and counts long lists and lists of objects', () => {
    const details = {
      settings: {
        publicPages: ['roster', 'kpis', 'heatmap', 'feed', 'members', 'mythic', 'raid'],
        raidNights: [{ weekday: 3, start: '20:30', minutes: 180 }],
        language: 'es',
      },
      permissions: { wow: 'edit', admin: null },
    };
    expect(detailLines(details, count)).toEqual([
      ['settings.publicPages', '7 items'],
      ['settings.raidNights', '1 items'],
      ['settings.language', 'es'],
      ['permissions.wow', 'edit'],
      ['permissions.admin', '—'],
    ]);
  });

  it('joins short lists and shows nothing for no details', () => {
    expect(detailLines({ scopes: ['read', 'upload'] }, count)).toEqual([['scopes', 'read, upload']]);
    expect(detailLines(null, count)).toEqual([]);
  });
});
