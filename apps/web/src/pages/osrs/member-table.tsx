import type { TOsrsRosterMember } from '@guildhall/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Format } from '../../lib/format';
import { type GainPeriod, messagesOf } from './queries';

export type SortKey =
  | 'name'
  | 'role'
  | 'joinedAt'
  | 'xp'
  | 'levels'
  | 'bossKills'
  | 'ehp'
  | 'ehb'
  | 'messages';
const numeric: SortKey[] = ['xp', 'levels', 'bossKills', 'ehp', 'ehb', 'messages'];

const sortValue = (m: TOsrsRosterMember, key: SortKey, p: GainPeriod): number | string | null => {
  if (key === 'messages') return messagesOf(m, p);
  if (key === 'name' || key === 'role' || key === 'joinedAt') return m[key];
  return m[key][String(p) as '7' | '30' | '90' | '365'];
};

/** Clan members with one window's gains; a header click sorts (numbers high first). */
export function MemberTable(props: {
  members: TOsrsRosterMember[];
  period: GainPeriod;
  f: Format;
  testId: string;
  initialSort?: SortKey;
}) {
  const { t } = useTranslation();
  const { period, f } = props;
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({
    key: props.initialSort ?? 'xp',
    desc: numeric.includes(props.initialSort ?? 'xp'),
  });
  const rows = [...props.members].sort((a, b) => {
    const [x, y] = [sortValue(a, sort.key, period), sortValue(b, sort.key, period)];
    const c =
      typeof x === 'number' || typeof y === 'number'
        ? (Number(x ?? -1) - Number(y ?? -1)) * (sort.desc ? -1 : 1)
        : String(x ?? '').localeCompare(String(y ?? '')) * (sort.desc ? -1 : 1);
    return c || a.name.localeCompare(b.name);
  });
  const head = (key: SortKey, right = false) => (
    <th
      className={`th ${right ? 'text-right' : ''}`}
      aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : undefined}
    >
      <button
        type="button"
        data-testid={`osrs-sort-${key}`}
        className="whitespace-nowrap hover:text-text"
        onClick={() =>
          setSort((s) => (s.key === key ? { key, desc: !s.desc } : { key, desc: numeric.includes(key) }))
        }
      >
        {t(`osrs.col.${key}`)}
        {sort.key === key ? (sort.desc ? ' ↓' : ' ↑') : ''}
      </button>
    </th>
  );
  const num = (v: number | null, one = false, testId?: string) => (
    <td
      className={`td text-right tabular-nums ${v ? '' : 'text-faint'}`}
      data-testid={testId}
      data-value={v ?? ''}
    >
      {v === null ? '—' : one ? f.one(v) : f.int(v)}
    </td>
  );
  const p = String(period) as '7' | '30' | '90' | '365';
  return (
    <div className="-mx-4 overflow-x-auto sm:-mx-5">
      <table className="w-full min-w-[860px]" data-testid={props.testId}>
        <thead className="border-b border-line">
          <tr>
            {head('name')}
            {head('role')}
            {head('joinedAt')}
            {head('xp', true)}
            {head('levels', true)}
            {head('bossKills', true)}
            {head('ehp', true)}
            {head('ehb', true)}
            {head('messages', true)}
          </tr>
        </thead>
        <tbody>
          {rows.map((m) => (
            <tr
              key={m.womId}
              className="border-b border-line/50 hover:bg-raised/40"
              data-testid="osrs-member-row"
              data-wom-id={m.womId}
            >
              <td className="td font-medium" data-testid="osrs-member-name">
                {m.name}
                {!m.discordUserId && (
                  <span className="ml-2 text-xs text-faint" title={t('osrs.unlinkedHint')}>
                    {t('osrs.unlinked')}
                  </span>
                )}
              </td>
              <td className="td text-sm text-muted capitalize">{m.role}</td>
              <td className="td text-sm whitespace-nowrap text-muted">{f.date(m.joinedAt)}</td>
              {num(m.xp[p], false, 'osrs-member-xp')}
              {num(m.levels[p], false, 'osrs-member-levels')}
              {num(m.bossKills[p], false, 'osrs-member-kills')}
              {num(m.ehp[p], true, 'osrs-member-ehp')}
              {num(m.ehb[p], true, 'osrs-member-ehb')}
              {num(messagesOf(m, period), false, 'osrs-member-messages')}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
