import type { TBotCommandLogItem, TBotGrant, TBotOverview } from '@guildhall/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type List } from '../../api/client';
import { communityPath } from '../../api/queries';
import { useCommunityView } from '../../components/community';
import { Card, ErrorState, Notice, Pager, QueryState } from '../../components/ui';
import { useFormat } from '../../lib/format';

const SNOWFLAKE = /^\d{17,20}$/;
const PAGE = 25;

/** The community's Discord side: linked servers, who may use which bot module, and what the bot did. */
export function DiscordTab() {
  const { cid } = useCommunityView();
  const overview = useQuery({
    queryKey: ['bot', cid],
    queryFn: () => api<TBotOverview>(`${communityPath(cid)}/bot`),
  });
  return (
    <div className="space-y-5">
      <QueryState query={overview} rows={4}>
        {(o) => (
          <>
            <Servers overview={o} />
            <Grants overview={o} />
          </>
        )}
      </QueryState>
      <CommandLog />
    </div>
  );
}

function Servers({ overview }: { overview: TBotOverview }) {
  const { t } = useTranslation();
  const { cid, community } = useCommunityView();
  const f = useFormat(community.timezone);
  const qc = useQueryClient();
  const [guildId, setGuildId] = useState('');
  const refresh = () => qc.invalidateQueries({ queryKey: ['bot', cid] });
  const link = useMutation({
    mutationFn: () =>
      api<{ guildName: string }>(`${communityPath(cid)}/bot/servers`, {
        method: 'POST',
        body: { guildId: guildId.trim() },
      }),
    onSuccess: () => {
      setGuildId('');
      void refresh();
    },
  });
  const unlink = useMutation({
    mutationFn: (id: string) => api(`${communityPath(cid)}/bot/servers/${id}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
  return (
    <Card title={t('admin.discord.servers')} subtitle={t('admin.discord.serversHint')}>
      <ol className="mb-4 list-decimal space-y-1 pl-5 text-sm text-muted">
        <li>
          {overview.inviteUrl ? (
            <a
              className="text-accent-strong underline"
              href={overview.inviteUrl}
              target="_blank"
              rel="noreferrer"
            >
              {t('admin.discord.invite')}
            </a>
          ) : (
            t('admin.discord.noApplication')
          )}
        </li>
        <li>{t('admin.discord.stepLink')}</li>
      </ol>
      {!overview.discordAccount && <Notice>{t('admin.discord.signInWithDiscord')}</Notice>}
      <form
        className="mt-3 flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (SNOWFLAKE.test(guildId.trim())) link.mutate();
        }}
      >
        <div className="min-w-56 flex-1">
          <label className="label" htmlFor="discord-guild">
            {t('admin.discord.serverId')}
          </label>
          <input
            id="discord-guild"
            className="input font-mono"
            inputMode="numeric"
            placeholder="123456789012345678"
            value={guildId}
            onChange={(e) => setGuildId(e.target.value)}
          />
        </div>
        <button
          type="submit"
          className="btn btn-primary"
          disabled={!SNOWFLAKE.test(guildId.trim()) || link.isPending}
        >
          {t('admin.discord.link')}
        </button>
      </form>
      {link.error && (
        <div className="mt-3">
          <ErrorState error={link.error} />
        </div>
      )}
      {link.isSuccess && (
        <div className="mt-3">
          <Notice kind="good">{t('admin.discord.linked', { name: link.data.guildName })}</Notice>
        </div>
      )}
      {overview.servers.length === 0 ? (
        <p className="mt-4 text-sm text-faint">{t('admin.discord.noServers')}</p>
      ) : (
        <ul className="mt-4 divide-y divide-line/50" data-testid="discord-servers">
          {overview.servers.map((s) => (
            <li key={s.guildId} className="flex flex-wrap items-center gap-3 py-2 text-sm">
              <span className="font-mono">{s.guildId}</span>
              <span className="text-faint">
                {t('admin.discord.linkedAt', { at: f.dateTime(s.linkedAt), by: s.linkedBy })}
              </span>
              <span className="text-faint">
                {s.language ? t(`admin.discord.language.${s.language}`) : ''}
              </span>
              <button type="button" className="btn ml-auto" onClick={() => unlink.mutate(s.guildId)}>
                {t('admin.discord.unlink')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function Grants({ overview }: { overview: TBotOverview }) {
  const { t } = useTranslation();
  const { cid } = useCommunityView();
  const qc = useQueryClient();
  const empty: TBotGrant = { module: overview.modules[0] ?? 'events', subjectType: 'role', subjectId: '' };
  const [draft, setDraft] = useState<TBotGrant>(empty);
  const change = useMutation({
    mutationFn: ({ grant, method }: { grant: TBotGrant; method: 'PUT' | 'DELETE' }) =>
      api(`${communityPath(cid)}/bot/grants`, { method, body: grant }),
    onSuccess: (_r, { method }) => {
      if (method === 'PUT') setDraft({ ...draft, subjectId: '' });
      void qc.invalidateQueries({ queryKey: ['bot', cid] });
    },
  });
  const valid = SNOWFLAKE.test(draft.subjectId.trim());
  return (
    <Card title={t('admin.discord.permissions')} subtitle={t('admin.discord.permissionsHint')}>
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) change.mutate({ grant: { ...draft, subjectId: draft.subjectId.trim() }, method: 'PUT' });
        }}
      >
        <div>
          <label className="label" htmlFor="grant-module">
            {t('admin.discord.module')}
          </label>
          <select
            id="grant-module"
            className="input"
            value={draft.module}
            onChange={(e) => setDraft({ ...draft, module: e.target.value as TBotGrant['module'] })}
          >
            {overview.modules.map((m) => (
              <option key={m} value={m}>
                {t(`admin.discord.modules.${m}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label className="label" htmlFor="grant-type">
            {t('admin.discord.to')}
          </label>
          <select
            id="grant-type"
            className="input"
            value={draft.subjectType}
            onChange={(e) => setDraft({ ...draft, subjectType: e.target.value as TBotGrant['subjectType'] })}
          >
            <option value="role">{t('admin.discord.subject.role')}</option>
            <option value="user">{t('admin.discord.subject.user')}</option>
          </select>
        </div>
        <div className="min-w-56 flex-1">
          <label className="label" htmlFor="grant-subject">
            {t('admin.discord.subjectId')}
          </label>
          <input
            id="grant-subject"
            className="input font-mono"
            inputMode="numeric"
            value={draft.subjectId}
            onChange={(e) => setDraft({ ...draft, subjectId: e.target.value })}
          />
        </div>
        <button type="submit" className="btn btn-primary" disabled={!valid || change.isPending}>
          {t('admin.discord.grant')}
        </button>
      </form>
      {change.error && (
        <div className="mt-3">
          <ErrorState error={change.error} />
        </div>
      )}
      <p className="mt-3 text-xs text-faint">{t('admin.discord.manageServerHoldsAll')}</p>
      {overview.grants.length > 0 && (
        <table className="mt-3 w-full" data-testid="discord-grants">
          <thead className="border-b border-line">
            <tr>
              <th className="th">{t('admin.discord.module')}</th>
              <th className="th">{t('admin.discord.to')}</th>
              <th className="th" />
            </tr>
          </thead>
          <tbody>
            {overview.grants.map((g) => (
              <tr key={`${g.module}:${g.subjectType}:${g.subjectId}`} className="border-b border-line/50">
                <td className="td">{t(`admin.discord.modules.${g.module}`)}</td>
                <td className="td">
                  {t(`admin.discord.subject.${g.subjectType}`)}{' '}
                  <span className="font-mono">{g.subjectId}</span>
                </td>
                <td className="td text-right">
                  <button
                    type="button"
                    className="btn"
                    onClick={() => change.mutate({ grant: g, method: 'DELETE' })}
                  >
                    {t('admin.discord.revoke')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

function CommandLog() {
  const { t } = useTranslation();
  const { cid, community } = useCommunityView();
  const f = useFormat(community.timezone);
  const [page, setPage] = useState(0);
  const log = useQuery({
    queryKey: ['bot-commands', cid, page],
    queryFn: () =>
      api<List<TBotCommandLogItem>>(`${communityPath(cid)}/bot/commands`, {
        query: { limit: PAGE, offset: page * PAGE },
      }),
    placeholderData: keepPreviousData,
  });
  const pages = Math.max(1, Math.ceil((log.data?.total ?? 0) / PAGE));
  return (
    <Card title={t('admin.discord.commandLog')} subtitle={t('admin.discord.commandLogHint')}>
      <QueryState
        query={log}
        rows={5}
        isEmpty={(d) => d.items.length === 0}
        empty={t('admin.discord.noCommands')}
      >
        {(d) => (
          <>
            <div className="-mx-4 overflow-x-auto sm:-mx-5">
              <table className="w-full" data-testid="discord-command-log">
                <thead className="border-b border-line">
                  <tr>
                    <th className="th">{t('admin.discord.when')}</th>
                    <th className="th">{t('admin.discord.who')}</th>
                    <th className="th">{t('admin.discord.command')}</th>
                    <th className="th">{t('admin.discord.result')}</th>
                    <th className="th text-right">{t('admin.discord.latency')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.items.map((c) => (
                    <tr key={c.id} className="border-b border-line/50 align-top">
                      <td className="td text-muted">{f.dateTime(c.at)}</td>
                      <td className="td">{c.userName}</td>
                      <td className="td">
                        <span className="font-mono text-xs text-accent-strong">
                          {c.kind === 'command' ? `/${c.name}` : c.name}
                        </span>
                        {Object.keys(c.options).length > 0 && (
                          <span className="ml-2 font-mono text-xs text-faint">
                            {JSON.stringify(c.options)}
                          </span>
                        )}
                      </td>
                      <td className={`td text-xs ${c.outcome === 'ok' ? 'text-good' : 'text-bad'}`}>
                        {c.outcome}
                      </td>
                      <td className="td text-right tabular-nums">{c.latencyMs} ms</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager page={page + 1} pages={pages} onChange={(n) => setPage(n - 1)} className="mt-3" />
          </>
        )}
      </QueryState>
    </Card>
  );
}
