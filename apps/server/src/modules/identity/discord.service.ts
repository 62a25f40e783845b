import { z } from 'zod';
import type { Config } from '../../config';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { createDiscordHttp } from '../../core/outbound/discord-api';
import { ProviderError } from '../../core/outbound/http-client';
import {
  completeProviderLogin,
  linkProviderAccount,
  type ProviderAccount,
  type ProviderLogin,
} from './provider-login';

/** `identify` names the account (`/users/@me` without the email). */
const SCOPES = ['identify'];

/** Discord login is offered only when the installation has a Discord application's client. */
export const discordLoginEnabled = (config: Config) =>
  Boolean(config.DISCORD_CLIENT_ID && config.DISCORD_CLIENT_SECRET);

export const discordRedirectUri = (ctx: AppContext) =>
  `${(ctx.config.PUBLIC_URL ?? `http://localhost:${ctx.config.PORT}`).replace(/\/+$/, '')}/auth/discord/callback`;

const trim = (url: string) => url.replace(/\/+$/, '');

function clientFor(ctx: AppContext) {
  const { DISCORD_CLIENT_ID: clientId, DISCORD_CLIENT_SECRET: clientSecret } = ctx.config;
  if (!clientId || !clientSecret)
    throw new AppError('NOT_FOUND', 'Discord sign-in is not enabled on this installation');
  return { clientId, clientSecret };
}

/** Where to send the browser to sign in with Discord, carrying the state it will bring back. */
export function discordAuthorizeUrl(ctx: AppContext, state: string): string {
  const { clientId } = clientFor(ctx);
  const url = new URL(`${trim(ctx.config.DISCORD_OAUTH_BASE_URL)}/oauth2/authorize`);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('redirect_uri', discordRedirectUri(ctx));
  url.searchParams.set('scope', SCOPES.join(' '));
  url.searchParams.set('state', state);
  return url.toString();
}

const zToken = z.object({ access_token: z.string().min(1) });

/** Sign-ins share one bucket, paused by Discord's rate-limit headers like every other call. */
const SIGN_IN_BUDGET = { bucket: 'discord:oauth', rules: [] };

/** What the token endpoint's failure means for the person signing in. */
function signInFailure(err: unknown, prefix: string): AppError {
  if (!(err instanceof ProviderError))
    return new AppError('OAUTH_FAILED', `${prefix}: the token endpoint did not answer`);
  switch (err.kind) {
    case 'unauthorized':
    case 'forbidden':
    case 'bad_request':
    case 'not_found':
      return new AppError('OAUTH_FAILED', `${prefix}: ${err.detail ?? `HTTP ${err.status}`}`);
    case 'malformed':
      return new AppError('OAUTH_FAILED', 'Discord answered the sign-in without a token');
    case 'rate_limited':
      return new AppError('PROVIDER_UNAVAILABLE', 'Discord is limiting sign-ins; try again in a moment');
    default:
      return new AppError('OAUTH_FAILED', `${prefix}: the token endpoint did not answer`);
  }
}
const zDiscordUser = z.object({
  id: z.string().regex(/^\d{1,25}$/),
  username: z.string().min(1),
  global_name: z.string().nullish(),
});

export type DiscordAccount = ProviderAccount;

export type DiscordLogin = ProviderLogin;

/** Trades the authorization code for a token and reads the Discord account behind it. */
export async function fetchDiscordAccount(ctx: AppContext, code: string): Promise<DiscordAccount> {
  const { clientId, clientSecret } = clientFor(ctx);
  const discord = createDiscordHttp(
    { limiter: ctx.limiter, timeoutMs: ctx.config.OUTBOUND_TIMEOUT_MS, retryBaseMs: 250, maxWaitMs: 5_000 },
    { apiBaseUrl: ctx.config.DISCORD_API_BASE_URL, budget: SIGN_IN_BUDGET },
  );

  let accessToken: string;
  try {
    const token = await discord.request({
      path: '/oauth2/token',
      form: {
        client_id: clientId,
        client_secret: clientSecret,
        grant_type: 'authorization_code',
        code,
        redirect_uri: discordRedirectUri(ctx),
      },
      schema: zToken,
    });
    accessToken = token.access_token;
  } catch (err) {
    throw signInFailure(err, 'Discord refused the sign-in');
  }

  let info: z.infer<typeof zDiscordUser>;
  try {
    info = await discord.request({
      path: '/users/@me',
      headers: { authorization: `Bearer ${accessToken}` },
      schema: zDiscordUser,
    });
  } catch (err) {
    if (err instanceof ProviderError && (err.kind === 'unauthorized' || err.kind === 'forbidden'))
      throw new AppError('OAUTH_FAILED', 'Discord did not accept the sign-in token');
    throw new AppError('PROVIDER_UNAVAILABLE', 'Discord could not be reached; try again in a moment');
  }

  return { id: info.id, displayName: (info.global_name || info.username).slice(0, 100) };
}

/** Signs in (or creates) the Discord account's user; see completeProviderLogin. */
export const completeDiscordLogin = (
  ctx: AppContext,
  account: DiscordAccount,
  signedInUserId?: string,
): Promise<DiscordLogin> => completeProviderLogin(ctx, 'discord', account, signedInUserId);

/** Links the Discord account to the signed-in user who confirmed it; CONFLICT when someone took it meanwhile. */
export const linkDiscordAccount = (
  ctx: AppContext,
  account: DiscordAccount,
  user: { userId: string; displayName: string },
): Promise<void> => linkProviderAccount(ctx, 'discord', 'Discord', account, user);
