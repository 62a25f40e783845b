import { createLazyRoute, Link, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
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
