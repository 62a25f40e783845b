import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useCommunityView } from '../../components/community';
import { tabClass } from '../../components/ui';
import { reportUrl } from './queries';

type Section = 'overview' | 'roster' | 'purge';

/** The clan pages' tabs: the overview, the roster, and (officers) the purge candidates. */
export function OsrsTabs({ current }: { current: Section }) {
  const { t } = useTranslation();
  const view = useCommunityView();
  const items: { id: Section; to: string }[] = [
    { id: 'overview', to: '/c/$cid/osrs' },
    { id: 'roster', to: '/c/$cid/osrs/roster' },
    ...(view.isOfficer ? [{ id: 'purge' as const, to: '/c/$cid/osrs/purge' }] : []),
  ];
  return (
    <nav aria-label={t('osrs.tabs.label')} className="tab-strip">
      {items.map((i) => (
        <Link
          key={i.id}
          to={i.to}
          params={{ cid: view.cid }}
          data-testid={`osrs-tab-${i.id}`}
          aria-current={i.id === current ? 'page' : undefined}
          className={tabClass(i.id === current)}
        >
          {t(`osrs.tabs.${i.id}`)}
        </Link>
      ))}
    </nav>
  );
}

/** Officers download the newest Excel report (the server builds one when none exists yet). */
export function ReportButton() {
  const { t } = useTranslation();
  const view = useCommunityView();
  if (!view.isOfficer) return null;
  return (
    <a className="btn btn-primary" href={reportUrl(view.cid)} download data-testid="osrs-report">
      {t('osrs.report')}
    </a>
  );
}

/** A boss or metric name as Wise Old Man spells it (`theatre_of_blood`) made readable. */
export const metricLabel = (metric: string) =>
  metric.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
