import { useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useNavigate, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useCommunity, useMe } from '../api/queries';
import { currentLanguage, type Language, languages, setLanguage } from '../i18n';
import { navFor } from '../lib/modules';
import { CommunityProvider, makeView } from './community';
import { ErrorState, isNotFound, Spinner } from './ui';

export function LanguageSwitch() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <fieldset
      className="flex items-center rounded-lg border border-line p-0.5"
      aria-label={t('app.language')}
    >
      <legend className="sr-only">{t('app.language')}</legend>
      {languages.map((l: Language) => (
        <button
          key={l}
          type="button"
          lang={l}
          aria-pressed={lang === l}
          data-testid={`lang-${l}`}
          onClick={() => setLanguage(l)}
          className={`rounded-md px-2 py-0.5 text-xs font-semibold uppercase transition ${
            lang === l ? 'bg-accent/20 text-accent-strong' : 'text-muted hover:text-text'
          }`}
        >
          {l}
        </button>
      ))}
    </fieldset>
  );
}

/** The mark and the name; `compact` keeps only the mark on phones, where the header is tight. */
export function Logo({ compact = false }: { compact?: boolean }) {
  return (
    <span className="h-display flex items-center gap-2 text-lg text-text">
      <svg viewBox="0 0 32 32" className="size-7" aria-hidden="true">
        <rect width="32" height="32" rx="7" fill="#121722" />
        <path
          d="M6 26V12l10-7 10 7v14h-6v-8h-8v8z"
          fill="none"
          stroke="#22d3ee"
          strokeWidth="2.4"
          strokeLinejoin="round"
        />
      </svg>
      <span className={compact ? 'hidden sm:inline' : undefined}>Guildhall</span>
    </span>
  );
}

function UserMenu({ cid }: { cid?: string }) {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) return <Spinner />;
  const user = me.data?.user;
  if (!user) {
    return (
      <Link
        to="/signin"
        search={cid ? { c: cid } : {}}
        className="btn btn-primary whitespace-nowrap"
        data-testid="signin-link"
      >
        {t('app.signIn')}
      </Link>
    );
  }
  return (
    <div className="flex items-center gap-2">
      <Link
        to="/signin"
        search={cid ? { c: cid } : {}}
        className="hidden max-w-40 truncate text-sm text-muted hover:text-text md:inline"
        data-testid="user-name"
      >
        {user.displayName}
      </Link>
      <SignOutButton />
    </div>
  );
}

/** Ends the session and forgets every cached answer (they were the signed-in user's). */
export function SignOutButton() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return (
    <button
      type="button"
      className="btn whitespace-nowrap"
      data-testid="sign-out"
      onClick={async () => {
        await api('/auth/logout', { method: 'POST' });
        queryClient.clear();
        await navigate({ to: '/' });
      }}
    >
      {t('app.signOut')}
    </button>
  );
}

const NEW_COMMUNITY = '__new__';

/** The community switcher: the caller's communities, and (for the installation's owner) a new one. */
function CommunitySwitcher({ cid, name }: { cid: string; name: string | undefined }) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const mine = me.data?.communities ?? [];
  const owner = me.data?.user?.isInstanceOwner ?? false;
  if (mine.length < 2 && !owner) {
    return (
      <span className="min-w-0 truncate text-sm text-muted" data-testid="community-name">
        {name}
      </span>
    );
  }
  return (
    <select
      aria-label={t('app.community')}
      data-testid="community-switcher"
      className="input w-auto min-w-0 max-w-56 flex-1 truncate md:flex-none"
      value={cid}
      onChange={(e) =>
        e.target.value === NEW_COMMUNITY
          ? navigate({ to: '/new' })
          : navigate({ to: '/c/$cid', params: { cid: e.target.value } })
      }
    >
      {mine.map((c) => (
        <option key={c.id} value={c.id}>
          {c.name}
        </option>
      ))}
      {owner && <option value={NEW_COMMUNITY}>{t('onboarding.newCommunity')}</option>}
    </select>
  );
}

/** The frame of every community page: header, navigation, content. */
export function CommunityShell() {
  const { cid } = useParams({ from: '/c/$cid' });
  const { t } = useTranslation();
  const me = useMe();
  const community = useCommunity(cid);
  const view = me.data && community.data ? makeView(cid, community.data, me.data) : null;

  const nav = view && (
    <nav aria-label={t('app.menu')} className="-mx-1 flex flex-wrap gap-1 px-1">
      {navFor(view.community)
        .filter((item) => view.canSee(item.page))
        .map((item) => (
          <Link
            key={item.to}
            to={item.to}
            params={{ cid }}
            activeOptions={{ exact: item.exact ?? false, includeSearch: false }}
            className="rounded-lg px-3 py-1.5 text-sm whitespace-nowrap text-muted transition hover:bg-raised hover:text-text"
            activeProps={{
              className: 'bg-accent/10 !text-accent-strong ring-1 ring-accent/40',
              'aria-current': 'page',
            }}
          >
            {t(item.key)}
          </Link>
        ))}
    </nav>
  );

  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only z-50 rounded bg-accent px-3 py-2 text-bg focus:not-sr-only focus:absolute focus:top-2 focus:left-2"
      >
        {t('app.skip')}
      </a>
      <header className="sticky top-0 z-30 border-b border-line/70 bg-bg/85 backdrop-blur">
        <div className="mx-auto flex max-w-screen-2xl items-center gap-3 px-3 py-2 sm:px-6">
          <Link to="/c/$cid" params={{ cid }} className="shrink-0" aria-label="Guildhall">
            <Logo compact />
          </Link>
          {view ? (
            <CommunitySwitcher cid={cid} name={community.data?.name} />
          ) : (
            <span className="min-w-0 truncate text-sm text-muted" data-testid="community-name">
              {community.data?.name}
            </span>
          )}
          <div className="hidden min-w-0 flex-1 lg:block">{nav}</div>
          <div className="ml-auto flex shrink-0 items-center gap-2">
            {view && !view.role && <span className="chip hidden sm:inline-flex">{t('app.publicView')}</span>}
            {view?.role && <span className="chip hidden sm:inline-flex">{t(`app.role.${view.role}`)}</span>}
            <LanguageSwitch />
            <UserMenu cid={cid} />
          </div>
        </div>
        <div className="mx-auto max-w-screen-2xl px-3 pb-2 sm:px-6 lg:hidden">{nav}</div>
      </header>
      <main id="main" className="mx-auto w-full max-w-screen-2xl flex-1 px-3 py-5 sm:px-6">
        {view ? (
          <CommunityProvider value={view}>
            <Outlet />
          </CommunityProvider>
        ) : me.error || community.error ? (
          isNotFound(community.error) ? (
            <div className="card mx-auto mt-10 max-w-md p-6 text-center">
              <h1 className="h-display text-xl">{t('state.notFound')}</h1>
              <p className="mt-2 text-sm text-muted">{t('state.noCommunity')}</p>
              <Link to="/" className="btn mt-4">
                {t('state.goHome')}
              </Link>
            </div>
          ) : (
            <ErrorState
              error={me.error ?? community.error}
              onRetry={() => {
                void me.refetch();
                void community.refetch();
              }}
            />
          )
        ) : (
          <Spinner label={t('state.loading')} />
        )}
      </main>
      <footer className="border-t border-line/60 py-4 text-center text-xs text-faint">
        Guildhall · {t('app.tagline')}
      </footer>
    </div>
  );
}
