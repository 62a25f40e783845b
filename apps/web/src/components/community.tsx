import { PUBLIC_PAGE_READS, PUBLIC_PAGES, type TPublicPage } from '@guildhall/contracts';
import { Link } from '@tanstack/react-router';
import { createContext, type ReactNode, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import type { Community, CommunityRole, Me } from '../api/types';
import { pageRuns } from '../lib/modules';

/** The pages a community can open to visitors who are not signed in (contracts holds the list). */
export const publicPageIds = PUBLIC_PAGES;
/** The API reads each public page needs (the server checks each route's own name). */
export const publicPageReads: Record<TPublicPage, readonly string[]> = PUBLIC_PAGE_READS;
/**
 * Events and tickets are for members only, and only where the events module is on; so are the
 * OSRS clan pages (the purge list for officers) and the dota pages where their module is on.
 */
export type PageId = TPublicPage | 'member' | 'admin' | 'events' | 'tickets' | 'osrs' | 'osrsPurge' | 'dota';

export interface CommunityView {
  cid: string;
  community: Community;
  me: Me;
  /** The caller's role here, or null for a visitor (anonymous or not a member). */
  role: CommunityRole | null;
  isOfficer: boolean;
  canSee: (page: PageId) => boolean;
}

const Ctx = createContext<CommunityView | null>(null);

export function CommunityProvider({ value, children }: { value: CommunityView; children: ReactNode }) {
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useCommunityView(): CommunityView {
  const v = useContext(Ctx);
  if (!v) throw new Error('useCommunityView outside a community route');
  return v;
}

export function makeView(cid: string, community: Community, me: Me): CommunityView {
  const role = me.communities.find((c) => c.id === cid)?.role ?? null;
  const isOfficer = role === 'owner' || role === 'officer';
  const open = new Set(community.settings.publicPages ?? []);
  return {
    cid,
    community,
    me,
    role,
    isOfficer,
    canSee: (page) => {
      if (page === 'admin') return isOfficer;
      // Only the pages of the modules this community runs (an OSRS clan has no Mythic+).
      if (!pageRuns(community, page)) return false;
      if (page === 'events' || page === 'tickets')
        return community.modules.includes('events') && (page === 'events' ? role !== null : isOfficer);
      // The dota pages: members of a community that runs the dota module.
      if (page === 'dota') return community.modules.includes('dota') && role !== null;
      if (page === 'osrs' || page === 'osrsPurge')
        return community.modules.includes('osrs') && (page === 'osrs' ? role !== null : isOfficer);
      if (role) return true;
      // A public roster lets visitors open the public part of a profile.
      if (page === 'member') return open.has('roster');
      return open.has(page);
    },
  };
}

/** Renders the page when the caller may see it, else says why not. */
export function PageGate({ page, children }: { page: PageId; children: ReactNode }) {
  const view = useCommunityView();
  const { t } = useTranslation();
  if (view.canSee(page)) return <>{children}</>;
  const signedIn = view.me.user !== null;
  return (
    <div className="card mx-auto mt-10 max-w-md p-6 text-center" data-testid="page-denied">
      <h1 className="h-display text-xl">{signedIn ? t('state.forbidden') : t('state.signInNeeded')}</h1>
      <p className="mt-2 text-sm text-muted">{t('state.forbiddenHint')}</p>
      {!signedIn && (
        <Link to="/signin" search={{ c: view.cid }} className="btn btn-primary mt-4">
          {t('app.signIn')}
        </Link>
      )}
    </div>
  );
}
