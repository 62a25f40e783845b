import { createLazyRoute } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { PageGate, useCommunityView } from '../../components/community';
import { Card, PageTitle, QueryState } from '../../components/ui';
import { useFormat } from '../../lib/format';
import { OsrsTabs, ReportButton } from './common';
import { MemberTable } from './member-table';
import type { GainPeriod } from './queries';
import { useOsrsPurge } from './queries';

export const Route = createLazyRoute('/c/$cid/osrs/purge')({
  component: () => (
    <PageGate page="osrsPurge">
      <PurgePage />
    </PageGate>
  ),
});

/** Officers: members with no XP and no Discord message over the clan's inactivity setting. */
function PurgePage() {
  const { t } = useTranslation();
  const { cid, community } = useCommunityView();
  const f = useFormat(community.timezone);
  const purge = useOsrsPurge(cid, true);
  return (
    <div className="space-y-5">
      <PageTitle aside={<ReportButton />}>{t('osrs.title')}</PageTitle>
      <OsrsTabs current="purge" />
      <Card
        title={t('osrs.purge.title')}
        subtitle={
          purge.data
            ? t('osrs.purge.hint', {
                days: purge.data.days,
                gain: purge.data.gainWindow,
                messages: purge.data.messageWindow,
              })
            : undefined
        }
      >
        <QueryState query={purge} isEmpty={(d) => d.items.length === 0} empty={t('osrs.purge.none')}>
          {(d) => (
            <MemberTable
              members={d.items}
              period={d.gainWindow as GainPeriod}
              f={f}
              testId="osrs-purge"
              initialSort="joinedAt"
            />
          )}
        </QueryState>
      </Card>
    </div>
  );
}
