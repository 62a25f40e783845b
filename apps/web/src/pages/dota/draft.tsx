import type { TDotaDraftMode, TDotaRoomCreated, TDotaSide } from '@guildhall/contracts';
import { createLazyRoute, useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useCommunityView } from '../../components/community';
import { Card, Notice, PageTitle } from '../../components/ui';
import { HeroGrid, heroName, SuggestionList, sideText, TeamPanel, TurnBar } from './draft-board';
import { useDraftRoom } from './draft-socket';

export const Route = createLazyRoute('/c/$cid/dota/draft')({ component: DraftPage });

/** `/c/:cid/dota/draft`: open or join a room; with `?room=` the live board of that room. */
function DraftPage() {
  const { t } = useTranslation();
  const view = useCommunityView();
  const { room } = useSearch({ from: '/c/$cid/dota/draft' });
  if (view.role === null || !view.community.modules.includes('dota')) {
    return (
      <div className="card mx-auto mt-10 max-w-md p-6 text-center" data-testid="page-denied">
        <h1 className="h-display text-xl">{t('state.forbidden')}</h1>
        <p className="mt-2 text-sm text-muted">{t('state.forbiddenHint')}</p>
      </div>
    );
  }
  return room ? <Board roomId={room} /> : <Lobby />;
}

function Lobby() {
  const { t } = useTranslation();
  const { cid } = useCommunityView();
  const navigate = useNavigate({ from: '/c/$cid/dota/draft' });
  const [mode, setMode] = useState<TDotaDraftMode>('captains_mode');
  const [firstPick, setFirstPick] = useState<TDotaSide>('radiant');
  const [bans, setBans] = useState(0);
  const [timed, setTimed] = useState(true);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const open = async () => {
    setBusy(true);
    setFailed(null);
    try {
      const created = await api<TDotaRoomCreated>(`/api/v1/communities/${cid}/dota/rooms`, {
        method: 'POST',
        body: {
          mode,
          firstPick,
          bansPerSide: mode === 'all_pick' ? bans : 0,
          timer: timed ? { stepSeconds: 30, reserveSeconds: 130 } : null,
        },
      });
      await navigate({ search: { room: created.roomId } });
    } catch (err) {
      setFailed(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const join = () => {
    const id = code.trim().split('room=').at(-1)!.trim();
    if (/^[A-Za-z0-9_-]{16}$/.test(id)) void navigate({ search: { room: id } });
    else setFailed(t('dota.draft.badCode'));
  };
  return (
    <div className="space-y-5">
      <PageTitle>{t('dota.draft.title')}</PageTitle>
      <div className="grid gap-5 lg:grid-cols-[2fr_1fr]">
        <Card title={t('dota.draft.newRoom')} subtitle={t('dota.draft.newRoomHint')}>
          <div className="grid gap-4 sm:grid-cols-2">
            <div>
              <label className="label" htmlFor="draft-mode">
                {t('dota.draft.mode')}
              </label>
              <select
                id="draft-mode"
                className="input"
                value={mode}
                onChange={(e) => setMode(e.target.value as TDotaDraftMode)}
                data-testid="draft-mode"
              >
                <option value="captains_mode">{t('dota.draft.modes.captains_mode')}</option>
                <option value="all_pick">{t('dota.draft.modes.all_pick')}</option>
              </select>
            </div>
            <div>
              <label className="label" htmlFor="draft-first">
                {t('dota.draft.firstPick')}
              </label>
              <select
                id="draft-first"
                className="input"
                value={firstPick}
                onChange={(e) => setFirstPick(e.target.value as TDotaSide)}
              >
                <option value="radiant">{t('dota.draft.sides.radiant')}</option>
                <option value="dire">{t('dota.draft.sides.dire')}</option>
              </select>
            </div>
            {mode === 'all_pick' && (
              <div>
                <label className="label" htmlFor="draft-bans">
                  {t('dota.draft.bansPerSide')}
                </label>
                <input
                  id="draft-bans"
                  className="input"
                  type="number"
                  min={0}
                  max={7}
                  value={bans}
                  onChange={(e) => setBans(Math.max(0, Math.min(7, Number(e.target.value) || 0)))}
                />
              </div>
            )}
            <label className="flex items-center gap-2 self-end text-sm text-text">
              <input type="checkbox" checked={timed} onChange={(e) => setTimed(e.target.checked)} />
              {t('dota.draft.timed')}
            </label>
          </div>
          <p className="mt-3 text-xs text-faint">{t(`dota.draft.modeHint.${mode}`)}</p>
          <button
            type="button"
            className="btn btn-primary mt-4"
            disabled={busy}
            onClick={() => void open()}
            data-testid="open-room"
          >
            {t('dota.draft.open')}
          </button>
        </Card>
        <Card title={t('dota.draft.joinRoom')}>
          <label className="label" htmlFor="draft-code">
            {t('dota.draft.code')}
          </label>
          <input
            id="draft-code"
            className="input"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && join()}
          />
          <button type="button" className="btn mt-3" onClick={join}>
            {t('dota.draft.join')}
          </button>
        </Card>
      </div>
      {failed && <Notice kind="bad">{failed}</Notice>}
    </div>
  );
}

function Board({ roomId }: { roomId: string }) {
  const { t } = useTranslation();
  const room = useDraftRoom(roomId);
  const [selected, setSelected] = useState<number | null>(null);
  const [copied, setCopied] = useState(false);
  const { state } = room;
  if (!state) {
    return (
      <div className="space-y-4">
        <PageTitle>{t('dota.draft.title')}</PageTitle>
        {room.error ? (
          <Notice kind="bad">{t(`dota.draft.errors.${room.error.code}`)}</Notice>
        ) : (
          <p className="text-sm text-muted">{t('dota.draft.connecting')}</p>
        )}
      </div>
    );
  }
  const turn = state.turn;
  const myTurn = turn !== null && room.seats.includes(turn.side);
  const last = state.actions.at(-1);
  const canUndo = last !== undefined && (room.host || room.seats.includes(last.side));
  const suggested = new Map((room.suggestions?.items ?? []).slice(0, 8).map((s, i) => [s.heroId, i]));
  const lockIn = () => {
    if (!turn || selected === null) return;
    room.send({ type: turn.kind, heroId: selected });
    setSelected(null);
  };
  const link = `${window.location.origin}${window.location.pathname}?room=${roomId}`;
  return (
    <div className="space-y-4" data-testid="draft-board" data-version={state.version}>
      <PageTitle
        aside={
          <div className="flex flex-wrap items-center gap-2">
            <span className="chip">{t(`dota.draft.modes.${state.mode}`)}</span>
            <span className="chip" data-testid="room-code">
              {t('dota.draft.code')}: <span className="font-mono text-text">{roomId}</span>
            </span>
            <button
              type="button"
              className="btn"
              onClick={() => void navigator.clipboard?.writeText(link).then(() => setCopied(true))}
            >
              {copied ? t('dota.draft.copied') : t('dota.draft.copyLink')}
            </button>
          </div>
        }
      >
        {t('dota.draft.title')}
      </PageTitle>
      {room.connection !== 'open' && <Notice>{t('dota.draft.reconnecting')}</Notice>}
      {room.error && (
        <Notice kind="bad">
          <span data-testid="draft-error" data-code={room.error.code}>
            {t(`dota.draft.errors.${room.error.code}`)}
          </span>
        </Notice>
      )}
      <div className="grid items-stretch gap-4 lg:grid-cols-[1fr_auto_1fr]">
        <TeamPanel state={state} side="radiant" mine={room.seats.includes('radiant')} />
        <div className="card flex min-w-56 flex-col items-center justify-center gap-3 p-4">
          <TurnBar state={state} skew={room.skew} />
          {myTurn && (
            <button
              type="button"
              className={`btn btn-primary ${turn?.kind === 'ban' ? 'btn-danger' : ''}`}
              disabled={selected === null}
              onClick={lockIn}
              data-testid="lock-in"
            >
              {selected === null
                ? t(turn?.kind === 'ban' ? 'dota.draft.chooseBan' : 'dota.draft.choosePick')
                : t(turn?.kind === 'ban' ? 'dota.draft.banHero' : 'dota.draft.pickHero', {
                    hero: heroName(selected),
                  })}
            </button>
          )}
        </div>
        <TeamPanel state={state} side="dire" mine={room.seats.includes('dire')} />
      </div>
      <div className="grid gap-4 lg:grid-cols-[1fr_22rem]">
        <HeroGrid
          state={state}
          selectable={myTurn}
          selected={selected}
          suggested={suggested}
          onSelect={(id) => setSelected(id)}
        />
        <div className="space-y-4">
          <SuggestionList suggestions={room.suggestions} onSelect={myTurn ? (id) => setSelected(id) : null} />
          <section className="card space-y-3 p-4" aria-label={t('dota.draft.seats')}>
            <h2 className="h-display text-lg text-text">{t('dota.draft.seats')}</h2>
            <div className="flex flex-wrap gap-2">
              {(['radiant', 'dire'] as const).map((side) =>
                room.seats.includes(side) ? (
                  <span key={side} className={`chip ${sideText[side]}`}>
                    {t('dota.draft.captainOf', { side: t(`dota.draft.sides.${side}`) })}
                  </span>
                ) : (
                  <button
                    key={side}
                    type="button"
                    className="btn"
                    disabled={state.seats[side]}
                    onClick={() => room.takeSeat(side)}
                    data-testid={`take-${side}`}
                  >
                    {t('dota.draft.takeSeat', { side: t(`dota.draft.sides.${side}`) })}
                  </button>
                ),
              )}
              {room.seats.length === 0 && <span className="chip">{t('dota.draft.spectating')}</span>}
              {room.host && <span className="chip">{t('dota.draft.host')}</span>}
            </div>
            <div className="flex flex-wrap gap-2">
              <button
                type="button"
                className="btn"
                disabled={!canUndo}
                onClick={() => room.send({ type: 'undo' })}
                data-testid="undo"
              >
                {t('dota.draft.undo')}
              </button>
              {room.host && (
                <button
                  type="button"
                  className="btn btn-danger"
                  disabled={state.actions.length === 0}
                  onClick={() => window.confirm(t('dota.draft.resetConfirm')) && room.send({ type: 'reset' })}
                >
                  {t('dota.draft.reset')}
                </button>
              )}
            </div>
          </section>
        </div>
      </div>
    </div>
  );
}
