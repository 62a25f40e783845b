import { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  Link,
  Navigate,
  Outlet,
  useLocation,
} from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { type AdminTab, adminTabs } from './admin-tabs';
import { ApiError } from './api/client';
import { useMe, usePublicCommunities } from './api/queries';
import { CreateCommunity, OnboardingFrame } from './components/create-community';
import { CommunityShell, LanguageSwitch, Logo, SignOutButton } from './components/shell';
import { ErrorState, Rich, Spinner } from './components/ui';
import { pendingInvite } from './lib/pending-invite';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // Client errors (401, 403, 404, 400) will not change on a retry.
      retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status < 500),
    },
  },
});

const rootRoute = createRootRouteWithContext<{ queryClient: QueryClient }>()({
  component: () => (
    <>
      <FollowPendingInvite />
      <Outlet />
    </>
  ),
  notFoundComponent: NotFound,
});

/** Back to the invite opened before signing in, wherever the sign-in landed (lib/pending-invite.ts). */
function FollowPendingInvite() {
  const me = useMe();
  const location = useLocation();
  const token = me.data?.user && !location.pathname.startsWith('/invite/') ? pendingInvite() : null;
  if (!token) return null;
  return <Navigate to="/invite/$token" params={{ token }} replace />;
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <div className="mx-auto mt-16 max-w-md p-6 text-center">
      <h1 className="h-display text-2xl">{t('state.notFound')}</h1>
      <p className="mt-2 text-sm text-muted">{t('state.notFoundHint')}</p>
      <Link to="/" className="btn mt-4">
        {t('state.goHome')}
      </Link>
    </div>
  );
}

/**
 * `/`: the caller's first community, else the first public one; a signed-in installation owner
 * with no community creates the first one here; anyone else learns how to get one.
 */
function Landing() {
  const { t } = useTranslation();
  const me = useMe();
  const first = me.data?.communities[0];
  const user = me.data?.user;
  const pub = usePublicCommunities(me.isSuccess && !first && !user?.isInstanceOwner);
  if (first) return <Navigate to="/c/$cid" params={{ cid: first.id }} replace />;
  if (user?.isInstanceOwner)
    return (
      <OnboardingFrame>
        <CreateCommunity first />
      </OnboardingFrame>
    );
  if (pub.data?.items[0]) return <Navigate to="/c/$cid" params={{ cid: pub.data.items[0].id }} replace />;
  const failed = me.error ?? pub.error;
  return (
    <div className="min-h-screen">
      <header className="mx-auto flex max-w-screen-2xl items-center justify-between px-4 py-3">
        <Logo />
        <div className="flex items-center gap-2">
          <LanguageSwitch />
          {user ? (
            <SignOutButton />
          ) : (
            <Link to="/signin" search={{}} className="btn btn-primary">
              {t('app.signIn')}
            </Link>
          )}
        </div>
      </header>
      <main id="main" className="mx-auto mt-16 max-w-lg px-4 text-center">
        {failed ? (
          <ErrorState error={failed} onRetry={() => void me.refetch()} />
        ) : me.isPending || pub.isFetching ? (
          <Spinner label={t('state.loading')} />
        ) : (
          <div className="card p-6" data-testid="no-community">
            <h1 className="h-display text-xl">{t('state.noCommunity')}</h1>
            <p className="mt-2 text-sm text-muted">
              {user ? (
                t('onboarding.askForInvite', { name: user.displayName })
              ) : (
                <Rich text={t('state.noCommunityHint')} />
              )}
            </p>
          </div>
        )}
      </main>
    </div>
  );
}

const indexRoute = createRoute({ getParentRoute: () => rootRoute, path: '/', component: Landing });

// Another community, for the installation's owner (the first one is created at `/`).
const newCommunityRoute = createRoute({ getParentRoute: () => rootRoute, path: '/new' }).lazy(() =>
  import('./pages/onboarding').then((m) => m.Route),
);

const inviteRoute = createRoute({ getParentRoute: () => rootRoute, path: '/invite/$token' }).lazy(() =>
  import('./pages/invite').then((m) => m.Route),
);

const signinRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/signin',
  // The community whose Battle.net login to offer (its members sign in through it).
  validateSearch: (raw: Record<string, unknown>): { c?: string } =>
    typeof raw.c === 'string' && /^[0-9a-f-]{36}$/i.test(raw.c) ? { c: raw.c } : {},
}).lazy(() => import('./pages/signin').then((m) => m.Route));

export const communityRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/c/$cid',
  component: CommunityShell,
});

const homeRoute = createRoute({ getParentRoute: () => communityRoute, path: '/' }).lazy(() =>
  import('./pages/home').then((m) => m.Route),
);

export interface RosterSearch {
  q?: string;
  role?: 'tank' | 'healer' | 'dps';
  class?: string;
  minScore?: number;
  hideInactive?: boolean;
  sort?: 'name' | 'rank' | 'class' | 'level' | 'score' | 'itemLevel' | 'bestParse' | 'lastSeen' | 'role';
  dir?: 'asc' | 'desc';
  page?: number;
}

const rosterSorts = ['name', 'rank', 'class', 'level', 'score', 'itemLevel', 'bestParse', 'lastSeen', 'role'];

/** Roster filters live in the URL so a view can be shared; anything unknown is dropped. */
export function parseRosterSearch(raw: Record<string, unknown>): RosterSearch {
  const s: RosterSearch = {};
  const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '');
  const q = str(raw.q).slice(0, 64);
  if (q) s.q = q;
  const role = str(raw.role);
  if (role === 'tank' || role === 'healer' || role === 'dps') s.role = role;
  const cls = str(raw.class).toUpperCase();
  if (/^[A-Z]{4,12}$/.test(cls)) s.class = cls;
  const min = Number(str(raw.minScore));
  if (str(raw.minScore) && Number.isFinite(min) && min > 0) s.minScore = Math.min(Math.round(min), 5000);
  if (raw.hideInactive === true || raw.hideInactive === 'true' || raw.hideInactive === '1')
    s.hideInactive = true;
  const sort = str(raw.sort);
  if (rosterSorts.includes(sort)) s.sort = sort as RosterSearch['sort'];
  const dir = str(raw.dir);
  if (dir === 'asc' || dir === 'desc') s.dir = dir;
  const page = Number(str(raw.page));
  if (Number.isInteger(page) && page > 1) s.page = page;
  return s;
}

const rosterRoute = createRoute({
  getParentRoute: () => communityRoute,
  path: '/roster',
  validateSearch: parseRosterSearch,
}).lazy(() => import('./pages/roster').then((m) => m.Route));

const memberRoute = createRoute({ getParentRoute: () => communityRoute, path: '/members/$memberId' }).lazy(
  () => import('./pages/profile').then((m) => m.Route),
);

const mythicRoute = createRoute({ getParentRoute: () => communityRoute, path: '/mythic-plus' }).lazy(() =>
  import('./pages/mythic').then((m) => m.Route),
);

const raidRoute = createRoute({ getParentRoute: () => communityRoute, path: '/raid' }).lazy(() =>
  import('./pages/raid').then((m) => m.Route),
);

// Raid logs (the telemetry module): the list, a raid, a pull.
const logsRoute = createRoute({
  getParentRoute: () => communityRoute,
  path: '/logs',
  validateSearch: (raw: Record<string, unknown>): { page?: number } => {
    const page = Number(raw.page);
    return Number.isInteger(page) && page > 1 && page < 100_000 ? { page } : {};
  },
}).lazy(() => import('./pages/telemetry/raids').then((m) => m.Route));

const logsRaidRoute = createRoute({ getParentRoute: () => communityRoute, path: '/logs/$raidId' }).lazy(() =>
  import('./pages/telemetry/raid').then((m) => m.Route),
);

const logsPullRoute = createRoute({
  getParentRoute: () => communityRoute,
  path: '/logs/$raidId/pulls/$pullId',
}).lazy(() => import('./pages/telemetry/pull').then((m) => m.Route));

// Events (the events module): the list and calendar, an event, the catalogue, championships, tickets.
export interface EventsSearch {
  q?: string;
  status?: 'draft' | 'scheduled' | 'active' | 'completed' | 'archived' | 'cancelled';
  when?: 'upcoming' | 'past' | 'all';
  view?: 'calendar';
  month?: string;
  page?: number;
}

/** The events list's filters and view live in the URL; anything unknown is dropped. */
export function parseEventsSearch(raw: Record<string, unknown>): EventsSearch {
  const s: EventsSearch = {};
  const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '');
  const q = str(raw.q).slice(0, 120);
  if (q) s.q = q;
  const status = str(raw.status);
  if (['draft', 'scheduled', 'active', 'completed', 'archived', 'cancelled'].includes(status))
    s.status = status as EventsSearch['status'];
  const when = str(raw.when);
  if (when === 'past' || when === 'all' || when === 'upcoming') s.when = when;
  if (raw.view === 'calendar') s.view = 'calendar';
  const month = str(raw.month);
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) s.month = month;
  const page = Number(str(raw.page));
  if (Number.isInteger(page) && page > 1 && page < 100_000) s.page = page;
  return s;
}

const eventsRoute = createRoute({
  getParentRoute: () => communityRoute,
  path: '/events',
  validateSearch: parseEventsSearch,
}).lazy(() => import('./pages/events/list').then((m) => m.Route));

const eventRoute = createRoute({ getParentRoute: () => communityRoute, path: '/events/$eventId' }).lazy(() =>
  import('./pages/events/event').then((m) => m.Route),
);

const catalogueRoute = createRoute({ getParentRoute: () => communityRoute, path: '/events/catalogue' }).lazy(
  () => import('./pages/events/catalogue').then((m) => m.Route),
);

const championshipsRoute = createRoute({
  getParentRoute: () => communityRoute,
  path: '/events/championships',
}).lazy(() => import('./pages/events/championships').then((m) => m.Route));

const ticketsRoute = createRoute({ getParentRoute: () => communityRoute, path: '/events/tickets' }).lazy(() =>
  import('./pages/events/tickets').then((m) => m.Route),
);

// Dota 2 (the dota module): the matchup explorer and the player's own heroes.
const dotaExplorerRoute = createRoute({
  getParentRoute: () => communityRoute,
  path: '/dota/explorer',
  validateSearch: (raw: Record<string, unknown>): { hero?: number } => {
    const hero = Number(raw.hero);
    return Number.isInteger(hero) && hero >= 1 && hero <= 1000 ? { hero } : {};
  },
}).lazy(() => import('./pages/dota/explorer').then((m) => m.Route));

const dotaMyHeroesRoute = createRoute({ getParentRoute: () => communityRoute, path: '/dota/my-heroes' }).lazy(
  () => import('./pages/dota/my-heroes').then((m) => m.Route),
);

// OSRS clan stats (the osrs module): the overview, the roster with gains, the purge candidates.
const osrsRoute = createRoute({ getParentRoute: () => communityRoute, path: '/osrs' }).lazy(() =>
  import('./pages/osrs/overview').then((m) => m.Route),
);

const osrsRosterRoute = createRoute({ getParentRoute: () => communityRoute, path: '/osrs/roster' }).lazy(() =>
  import('./pages/osrs/roster').then((m) => m.Route),
);

const osrsPurgeRoute = createRoute({ getParentRoute: () => communityRoute, path: '/osrs/purge' }).lazy(() =>
  import('./pages/osrs/purge').then((m) => m.Route),
);

const adminRoute = createRoute({
  getParentRoute: () => communityRoute,
  path: '/admin',
  validateSearch: (raw: Record<string, unknown>): { tab?: AdminTab } => {
    const tab = adminTabs.find((x) => x === raw.tab);
    return tab ? { tab } : {};
  },
}).lazy(() => import('./pages/admin').then((m) => m.Route));

// Dota: the live draft board (`?room=` opens a room's board).
const dotaDraftRoute = createRoute({
  getParentRoute: () => communityRoute,
  path: '/dota/draft',
  validateSearch: (raw: Record<string, unknown>): { room?: string } =>
    typeof raw.room === 'string' && /^[A-Za-z0-9_-]{16}$/.test(raw.room) ? { room: raw.room } : {},
}).lazy(() => import('./pages/dota/draft').then((m) => m.Route));

const routeTree = rootRoute.addChildren([
  indexRoute,
  signinRoute,
  newCommunityRoute,
  inviteRoute,
  communityRoute.addChildren([
    homeRoute,
    rosterRoute,
    memberRoute,
    mythicRoute,
    raidRoute,
    logsRoute,
    logsRaidRoute,
    logsPullRoute,
    eventsRoute,
    eventRoute,
    catalogueRoute,
    championshipsRoute,
    ticketsRoute,
    dotaDraftRoute,
    dotaExplorerRoute,
    dotaMyHeroesRoute,
    osrsRoute,
    osrsRosterRoute,
    osrsPurgeRoute,
    adminRoute,
  ]),
]);

export const router = createRouter({
  routeTree,
  context: { queryClient },
  defaultPreload: 'intent',
  defaultPendingComponent: () => <Spinner />,
  scrollRestoration: true,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
