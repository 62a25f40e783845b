import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { createHttpClient } from '../../core/outbound/http-client';

/** ISteamUser/GetPlayerSummaries/v2: the fields read of each player. */
const zSummaries = z.object({
  response: z.object({
    players: z.array(z.object({ steamid: z.string(), personaname: z.string().max(500) }).loose()).max(100),
  }),
});

/** Steam's documented Web API allowance is 100,000 calls a day; sign-ins take little of it. */
const BUDGET = { bucket: 'steam:web-api', rules: [{ capacity: 100_000, perMs: 86_400_000 }] };

/**
 * The name a Steam account is shown by: its persona name when STEAM_WEB_API_KEY is set and
 * Steam answers, else its SteamID (the sign-in never depends on the Web API).
 */
export async function steamDisplayName(ctx: AppContext, steamId64: string): Promise<string> {
  const key = ctx.config.STEAM_WEB_API_KEY;
  if (!key) return steamId64;
  const steam = createHttpClient(
    { limiter: ctx.limiter, timeoutMs: ctx.config.OUTBOUND_TIMEOUT_MS, retryBaseMs: 250, maxWaitMs: 2_000 },
    { name: 'steam', baseUrl: ctx.config.STEAM_API_BASE_URL, budget: BUDGET },
  );
  try {
    const answer = await steam.request({
      path: '/ISteamUser/GetPlayerSummaries/v2/',
      query: { key, steamids: steamId64 },
      schema: zSummaries,
    });
    const name = answer.response.players
      .find((p) => p.steamid === steamId64)
      ?.personaname.replace(/\p{Cc}/gu, '')
      .trim()
      .slice(0, 100);
    return name || steamId64;
  } catch (err) {
    ctx.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'steam persona name unavailable');
    return steamId64;
  }
}
