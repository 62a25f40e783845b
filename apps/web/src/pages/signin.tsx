import { createLazyRoute, Link, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type LinkedAccounts, useLinkedAccounts } from '../api/linked-accounts';
import { useMe, useProviders, usePublicCommunities } from '../api/queries';
import { LanguageSwitch, Logo } from '../components/shell';
import { Notice, Rich } from '../components/ui';

export const Route = createLazyRoute('/signin')({ component: SignInPage });

/** Accepts a whole login link or just its token and answers the same-origin login URL. */
export function loginUrlFrom(input: string): string | null {
  const value = input.trim();
  if (!value) return null;
  let token = value;
  if (value.includes('token=')) {
    try {
      token = new URL(value, window.location.origin).searchParams.get('token') ?? '';
    } catch {
      return null;
    }
  }
  return /^[\w-]{10,200}$/.test(token) ? `/auth/login?token=${encodeURIComponent(token)}` : null;
}

function SignInPage() {
  const { t } = useTranslation();
  const search = useSearch({ from: '/signin' }) as { c?: string };
  const me = useMe();
  const pub = usePublicCommunities(!search.c);
  const providers = useProviders(search.c ?? me.data?.communities[0]?.id ?? pub.data?.items[0]?.id);
  const linked = useLinkedAccounts(Boolean(me.data?.user));
  const [link, setLink] = useState('');
  const [invalid, setInvalid] = useState(false);
  return (
    <div className="min-h-screen">
      <header className="mx-auto flex max-w-screen-2xl items-center justify-between px-4 py-3">
        <Link to="/">
          <Logo />
        </Link>
        <LanguageSwitch />
      </header>
      <main id="main" className="mx-auto mt-8 max-w-md px-4 pb-16">
        <div className="card p-6">
          <h1 className="h-display text-2xl">{t('signin.title')}</h1>
          {me.data?.user && (
            <div className="mt-3">
              <Notice kind="good">{t('signin.signedInAs', { name: me.data.user.displayName })}</Notice>
            </div>
          )}
          {me.data?.user && (
            <YourAccounts
              name={me.data.user.displayName}
              accounts={linked.data}
              steamUrl={providers.data?.steamUrl ?? null}
            />
          )}
          <div className="mt-5 space-y-3">
            {providers.data?.battlenetUrl && (
              <a
                href={providers.data.battlenetUrl}
                className="btn w-full !justify-start border-[#148eff]/60 py-2.5"
              >
                <span className="flex size-6 items-center justify-center rounded bg-[#148eff] text-xs font-bold text-white">
                  B
                </span>
                {t('signin.battlenet')}
              </a>
            )}
            {providers.data?.steamUrl && !me.data?.user && (
              <a
                href={providers.data.steamUrl}
                className="btn w-full !justify-start border-[#66c0f4]/60 py-2.5"
                data-testid="signin-steam"
              >
                <SteamMark />
                {t('steam.signIn')}
              </a>
            )}
            {providers.data?.discordUrl && (
              <a
                href={providers.data.discordUrl}
                className="btn w-full !justify-start border-[#5865f2]/60 py-2.5"
              >
                <span className="flex size-6 items-center justify-center rounded bg-[#5865f2] text-xs font-bold text-white">
                  D
                </span>
                {t('signin.discord')}
              </a>
            )}
          </div>
          <form
            className="mt-6 border-t border-line pt-5"
            onSubmit={(e) => {
              e.preventDefault();
              const url = loginUrlFrom(link);
              setInvalid(!url);
              if (url) window.location.assign(url);
            }}
          >
            <h2 className="h-display text-base">{t('signin.ownerLink')}</h2>
            <p className="mt-1 text-sm text-muted">
              <Rich text={t('signin.ownerLinkHint')} />
            </p>
            <label className="label mt-3" htmlFor="login-link">
              {t('signin.paste')}
            </label>
            <div className="flex gap-2">
              <input
                id="login-link"
                className="input"
                value={link}
                onChange={(e) => setLink(e.target.value)}
                autoComplete="off"
                spellCheck={false}
              />
              <button type="submit" className="btn btn-primary">
                {t('signin.go')}
              </button>
            </div>
            {invalid && (
              <div className="mt-2">
                <Notice kind="bad">{t('signin.invalid')}</Notice>
              </div>
            )}
          </form>
          <p className="mt-6 text-xs text-faint">{t('signin.publicHint')}</p>
        </div>
      </main>
    </div>
  );
}

function SteamMark() {
  return (
    <span className="flex size-6 shrink-0 items-center justify-center rounded bg-[#171a21] text-xs font-bold text-[#66c0f4] ring-1 ring-[#66c0f4]/40">
      S
    </span>
  );
}

/** The signed-in user's linked accounts: their Steam account with its SteamID, or a way to link one. */
function YourAccounts(props: {
  name: string;
  accounts: LinkedAccounts | undefined;
  steamUrl: string | null;
}) {
  const { t } = useTranslation();
  const { steam, discord } = props.accounts ?? { steam: null, discord: null };
  if (!steam && !discord && !props.steamUrl) return null;
  return (
    <section className="mt-5 rounded-lg border border-line p-4" data-testid="linked-accounts">
      <h2 className="h-display text-base">{t('steam.accounts')}</h2>
      <p className="mt-1 text-xs text-muted">{t('steam.accountsHint', { name: props.name })}</p>
      <dl className="mt-3 space-y-3 text-sm">
        {(steam || props.steamUrl) && (
          <div className="flex items-start gap-3">
            <SteamMark />
            <div className="min-w-0">
              <dt className="font-medium">{t('steam.steam')}</dt>
              {steam ? (
                <dd data-testid="linked-steam">
                  {steam.displayName && <div className="truncate">{steam.displayName}</div>}
                  <div className="text-muted">
                    {t('steam.steamId')}{' '}
                    <span className="font-mono tabular-nums" data-testid="steam-id64">
                      {steam.steamId64}
                    </span>
                  </div>
                  <div className="text-xs text-faint">
                    {t('steam.accountId')} <span className="font-mono tabular-nums">{steam.accountId}</span>
                  </div>
                </dd>
              ) : (
                <dd>
                  <div className="text-muted">{t('steam.notLinked')}</div>
                  <div className="text-xs text-faint">{t('steam.linkHint')}</div>
                  <a href={props.steamUrl!} className="btn mt-2" data-testid="link-steam">
                    {t('steam.link')}
                  </a>
                </dd>
              )}
            </div>
          </div>
        )}
        {discord && (
          <div className="flex items-start gap-3">
            <span className="flex size-6 items-center justify-center rounded bg-[#5865f2] text-xs font-bold text-white">
              D
            </span>
            <div className="min-w-0">
              <dt className="font-medium">{t('steam.discord')}</dt>
              <dd className="truncate text-muted">{discord.displayName ?? discord.id}</dd>
            </div>
          </div>
        )}
      </dl>
    </section>
  );
}
