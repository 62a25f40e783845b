import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('GET /api/v1/realms (the create form’s autocomplete)', () => {
  it('answers the region’s realms that start with what was typed first, accents and case aside', async () => {
    const res = await t.app.inject({ url: '/api/v1/realms?region=eu&q=silverm' });
    expect(res.statusCode).toBe(200);
    expect(res.json().items[0]).toEqual({ slug: 'silvermoon', name: 'Silvermoon' });
    const az = await t.app.inject({ url: '/api/v1/realms?region=eu&q=azjol&limit=5' });
    expect(az.json().items.map((r: { name: string }) => r.name)).toContain('Azjol-Nerub');
    const none = await t.app.inject({ url: '/api/v1/realms?region=us&q=zzzzzz' });
    expect(none.json().items).toEqual([]);
    expect((await t.app.inject({ url: '/api/v1/realms?region=mars' })).statusCode).toBe(400);
  });
});
