import { createLazyRoute } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageGate, useCommunityView } from '../../components/community';
import { Card, PageTitle, QueryState, Tabs } from '../../components/ui';
import { useFormat } from '../../lib/format';
import { OsrsTabs, ReportButton } from './common';
import { MemberTable } from './member-table';
import { GAIN_PERIODS, type GainPeriod, useOsrsRoster } from './queries';

export const Route = createLazyRoute('/c/$cid/osrs/roster')({
  component: () => (
    <PageGate page="osrs">
      <RosterPage />
    </PageGate>
  ),
});

function RosterPage() {
  const { t } = useTranslation();
  const { cid, community } = useCommunityView();
  const f = useFormat(community.timezone);
  const roster = useOsrsRoster(cid);
  const [period, setPeriod] = useState<GainPeriod>(30);
  const [q, setQ] = useState('');
  return (
    <div className="space-y-5">
      <PageTitle aside={<ReportButton />}>{t('osrs.title')}</PageTitle>
      <OsrsTabs current="roster" />
      <Card
        title={t('osrs.roster.title')}
        subtitle={
          roster.data?.harvestedAt
            ? t('osrs.roster.asOf', { when: f.dateTime(roster.data.harvestedAt) })
            : t('osrs.roster.neverHarvested')
        }
        actions={
          <input
            className="input w-48"
            type="search"
            value={q}
            maxLength={40}
            placeholder={t('osrs.roster.search')}
            aria-label={t('osrs.roster.search')}
            data-testid="osrs-roster-search"
            onChange={(e) => setQ(e.target.value)}
          />
        }
      >
        <Tabs
          label={t('osrs.roster.period')}
          value={String(period) as `${GainPeriod}`}
          onChange={(id) => setPeriod(Number(id) as GainPeriod)}
          tabs={GAIN_PERIODS.map((p) => ({
            id: `${p}` as `${GainPeriod}`,
            label: t('osrs.days', { count: p }),
          }))}
        />
        <QueryState query={roster} isEmpty={(d) => d.items.length === 0} empty={t('osrs.roster.empty')}>
          {(d) => (
            <MemberTable
              members={d.items.filter((m) => m.name.toLowerCase().includes(q.trim().toLowerCase()))}
              period={period}
              f={f}
              testId="osrs-roster"
            />
          )}
        </QueryState>
        {period === 365 && <p className="mt-3 text-xs text-faint">{t('osrs.roster.noYearMessages')}</p>}
      </Card>
    </div>
  );
}
