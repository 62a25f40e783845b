import type { AppContext } from '../../../core/context';
import { dailyUsageStore } from '../dota.repo';
import { createOpenDotaClient, type OpenDotaClient } from './opendota';

/** The OpenDota client as configured (`OPENDOTA_*`), on the app's shared buckets and day count. */
export function openDotaClient(ctx: AppContext): OpenDotaClient {
  return createOpenDotaClient({
    baseUrl: ctx.config.OPENDOTA_BASE_URL,
    apiKey: ctx.config.OPENDOTA_API_KEY,
    dailyLimit: ctx.config.OPENDOTA_DAILY_BUDGET,
    limiter: ctx.limiter,
    timeoutMs: ctx.config.OUTBOUND_TIMEOUT_MS,
    usage: dailyUsageStore(ctx.db),
  });
}
