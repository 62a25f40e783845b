import {
  DOTA_HEROES,
  type DotaHeroFact,
  type TDotaDraftSuggestions,
  type TDotaReason,
  type TDotaRoomState,
  type TDotaSide,
} from '@guildhall/contracts';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

const heroById = new Map(DOTA_HEROES.map((h) => [h.id, h]));
export const heroName = (id: number | null | undefined) =>
  id == null ? '—' : (heroById.get(id)?.localizedName ?? `#${id}`);

const attrs = ['str', 'agi', 'int', 'all'] as const;
const attrColor: Record<DotaHeroFact['primaryAttr'], string> = {
  str: 'bg-red-400',
  agi: 'bg-green-400',
  int: 'bg-sky-400',
  all: 'bg-amber-300',
};
export const sideText: Record<TDotaSide, string> = { radiant: 'text-good', dire: 'text-bad' };
const sideRing: Record<TDotaSide, string> = {
  radiant: 'border-good/60 bg-good/10',
  dire: 'border-bad/60 bg-bad/10',
};

/** A percentage with its sign, as reasons read: +2.1 %. */
export const signedPct = (delta: number) => `${delta >= 0 ? '+' : '−'}${Math.abs(delta * 100).toFixed(1)} %`;

/** Re-renders every `ms` while `on`: the turn clock. */
function useTick(on: boolean, ms = 250): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!on) return;
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [on, ms]);
  return now;
}

const clock = (ms: number) => {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/** Whose turn, what to do, and the clock: the step's own time, then the side's reserve. */
export function TurnBar({ state, skew }: { state: TDotaRoomState; skew: number }) {
  const { t } = useTranslation();
  const turn = state.turn;
  const now = useTick(turn !== null && turn.stepEndsAt !== null) + skew;
  if (!turn) {
    return (
      <div className="text-center" data-testid="turn">
        <p className="h-display text-lg text-text">{t(`dota.draft.status.${state.status}`)}</p>
        {state.status === 'waiting' && <p className="text-sm text-muted">{t('dota.draft.waitingHint')}</p>}
      </div>
    );
  }
  let step: number | null = null;
  let reserve = state.reserveMs[turn.side];
  if (turn.stepEndsAt !== null) {
    step = Math.max(0, turn.stepEndsAt - now);
    if (now > turn.stepEndsAt) reserve -= now - Math.max(state.serverNow, turn.stepEndsAt);
  }
  const inReserve = step === 0;
  return (
    <div className="text-center" data-testid="turn">
      <p className={`h-display text-lg ${sideText[turn.side]}`}>
        {t('dota.draft.turn', {
          side: t(`dota.draft.sides.${turn.side}`),
          action: t(`dota.draft.actions.${turn.kind}`),
        })}
      </p>
      <p className="text-xs text-faint">
        {t('dota.draft.step', { n: turn.step + 1, of: state.order.length })}
      </p>
      {step !== null ? (
        <p className="mt-1 font-mono text-3xl tabular-nums text-text" data-testid="clock">
          <span className={inReserve ? 'text-warn' : ''}>{clock(inReserve ? reserve : step)}</span>
        </p>
      ) : (
        <p className="mt-1 text-sm text-faint">{t('dota.draft.noClock')}</p>
      )}
      {step !== null && (
        <p className="text-xs text-muted">
          {t('dota.draft.reserve')}:{' '}
          <span className={sideText.radiant}>
            {clock(turn.side === 'radiant' ? reserve : state.reserveMs.radiant)}
          </span>
          {' · '}
          <span className={sideText.dire}>
            {clock(turn.side === 'dire' ? reserve : state.reserveMs.dire)}
          </span>
        </p>
      )}
    </div>
  );
}

/** A team's five pick slots and its bans, in draft order. */
export function TeamPanel({ state, side, mine }: { state: TDotaRoomState; side: TDotaSide; mine: boolean }) {
  const { t } = useTranslation();
  const team = state[side];
  const active = state.turn?.side === side;
  const bans = state.actions.filter((a) => a.side === side && a.kind === 'ban');
  return (
    <section
      className={`card p-4 ${active ? `ring-1 ${side === 'radiant' ? 'ring-good/60' : 'ring-bad/60'}` : ''}`}
      data-testid={`team-${side}`}
      aria-label={t(`dota.draft.sides.${side}`)}
    >
      <header className="mb-3 flex items-center justify-between gap-2">
        <h2 className={`h-display text-lg ${sideText[side]}`}>{t(`dota.draft.sides.${side}`)}</h2>
        <span className="chip">
          {mine
            ? t('dota.draft.you')
            : state.seats[side]
              ? t('dota.draft.captainSeated')
              : t('dota.draft.seatFree')}
        </span>
      </header>
      <ol className="grid grid-cols-5 gap-1.5">
        {Array.from({ length: 5 }, (_, i) => {
          const id = team.picks[i];
          return (
            <li
              // biome-ignore lint/suspicious/noArrayIndexKey: the five slots are fixed positions
              key={i}
              className={`flex h-14 items-center justify-center rounded-lg border px-1 text-center text-xs leading-tight ${
                id ? `${sideRing[side]} font-medium text-text` : 'border-dashed border-line text-faint'
              }`}
              data-testid={id ? `pick-${side}-${id}` : undefined}
            >
              {id ? heroName(id) : i + 1}
            </li>
          );
        })}
      </ol>
      <div className="mt-3 flex min-h-6 flex-wrap items-center gap-1">
        <span className="label mb-0 mr-1">{t('dota.draft.bans')}</span>
        {bans.length === 0 && <span className="text-xs text-faint">—</span>}
        {bans.map((b, i) => (
          <span
            // biome-ignore lint/suspicious/noArrayIndexKey: a skipped ban has no hero to key on
            key={i}
            className="chip line-through decoration-bad/70"
            title={b.heroId === null ? t('dota.draft.skipped') : undefined}
            data-testid={b.heroId ? `ban-${side}-${b.heroId}` : undefined}
          >
            {b.heroId === null ? t('dota.draft.skipped') : heroName(b.heroId)}
          </span>
        ))}
      </div>
    </section>
  );
}

/** Every hero by primary attribute; picked and banned ones marked; the selected one ringed. */
export function HeroGrid(props: {
  state: TDotaRoomState;
  selectable: boolean;
  selected: number | null;
  suggested: ReadonlyMap<number, number>;
  onSelect: (id: number) => void;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const owner = useMemo(() => {
    const m = new Map<number, { side: TDotaSide; kind: 'pick' | 'ban' }>();
    for (const a of props.state.actions)
      if (a.heroId !== null) m.set(a.heroId, { side: a.side, kind: a.kind });
    return m;
  }, [props.state.actions]);
  const needle = q.trim().toLowerCase();
  return (
    <section className="card p-4" aria-label={t('dota.draft.heroes')}>
      <div className="mb-3 flex items-center gap-3">
        <h2 className="h-display text-lg text-text">{t('dota.draft.heroes')}</h2>
        <input
          className="input max-w-56"
          placeholder={t('dota.draft.search')}
          aria-label={t('dota.draft.search')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          data-testid="hero-search"
        />
      </div>
      <div className="grid gap-3 xl:grid-cols-2">
        {attrs.map((attr) => (
          <div key={attr}>
            <h3 className="label flex items-center gap-1.5">
              <span className={`inline-block h-2 w-2 rounded-full ${attrColor[attr]}`} />
              {t(`dota.draft.attrs.${attr}`)}
            </h3>
            <div className="grid grid-cols-[repeat(auto-fill,minmax(6.5rem,1fr))] gap-1">
              {DOTA_HEROES.filter((h) => h.primaryAttr === attr).map((h) => {
                const taken = owner.get(h.id);
                const hidden = needle !== '' && !h.localizedName.toLowerCase().includes(needle);
                const rank = props.suggested.get(h.id);
                const selected = props.selected === h.id;
                let look = 'border-line bg-raised/60 text-text hover:border-accent/60';
                if (taken?.kind === 'ban') look = 'border-line bg-bg/40 text-faint line-through opacity-60';
                else if (taken) look = `${sideRing[taken.side]} ${sideText[taken.side]} font-medium`;
                else if (selected) look = 'border-accent bg-accent/20 text-accent-strong ring-1 ring-accent';
                return (
                  <button
                    key={h.id}
                    type="button"
                    disabled={taken !== undefined || !props.selectable}
                    onClick={() => props.onSelect(h.id)}
                    className={`relative truncate rounded-md border px-1.5 py-1 text-left text-xs transition disabled:cursor-default ${look} ${
                      hidden ? 'opacity-20' : ''
                    }`}
                    title={h.localizedName}
                    aria-pressed={selected}
                    data-testid={`hero-${h.id}`}
                    data-state={taken ? `${taken.kind}-${taken.side}` : 'free'}
                  >
                    {h.localizedName}
                    {rank !== undefined && !taken && (
                      <span className="absolute top-0 right-0 rounded-bl-md bg-violet/25 px-1 text-[10px] text-violet">
                        {rank + 1}
                      </span>
                    )}
                  </button>
                );
              })}
            </div>
          </div>
        ))}
      </div>
    </section>
  );
}

function reasonText(r: TDotaReason, t: (k: string, o?: Record<string, unknown>) => string): string {
  return t(`dota.draft.reasons.${r.kind}`, { hero: heroName(r.heroId) });
}

/** The model's best heroes for the step to play, each with the reasons its score adds up from. */
export function SuggestionList(props: {
  suggestions: TDotaDraftSuggestions | null;
  onSelect: ((id: number) => void) | null;
}) {
  const { t } = useTranslation();
  const s = props.suggestions;
  return (
    <section className="card p-4" aria-label={t('dota.draft.suggestions')} data-testid="suggestions">
      <h2 className="h-display text-lg text-text">{t('dota.draft.suggestions')}</h2>
      {s?.side && s.kind && (
        <p className={`mb-3 text-sm ${sideText[s.side]}`}>
          {t(s.kind === 'pick' ? 'dota.draft.suggestPick' : 'dota.draft.suggestBan', {
            side: t(`dota.draft.sides.${s.side}`),
            other: t(`dota.draft.sides.${s.side === 'radiant' ? 'dire' : 'radiant'}`),
          })}
        </p>
      )}
      {!s || s.unavailable ? (
        <p className="mt-2 text-sm text-muted" data-testid="suggestions-unavailable">
          {t(`dota.draft.unavailable.${s?.unavailable ?? 'NO_TURN'}`)}
        </p>
      ) : (
        <ol className="space-y-2">
          {s.items.slice(0, 8).map((item, i) => (
            <li key={item.heroId}>
              <button
                type="button"
                disabled={!props.onSelect}
                onClick={() => props.onSelect?.(item.heroId)}
                className="w-full rounded-lg border border-line bg-raised/50 px-3 py-2 text-left transition enabled:hover:border-accent/60 disabled:cursor-default"
                data-testid={`suggestion-${item.heroId}`}
              >
                <div className="flex items-baseline justify-between gap-2">
                  <span className="text-sm font-medium text-text">
                    <span className="mr-1.5 text-faint">{i + 1}.</span>
                    {heroName(item.heroId)}
                  </span>
                  <span
                    className="font-mono text-sm tabular-nums text-accent-strong"
                    title={t('dota.draft.winProbability')}
                  >
                    {(item.winProbability * 100).toFixed(1)} %
                  </span>
                </div>
                <ul className="mt-1 flex flex-wrap gap-x-3 gap-y-0.5 text-xs">
                  {item.reasons
                    .filter((r) => Math.abs(r.delta) >= 0.0005)
                    .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta))
                    .slice(0, 4)
                    .map((r) => (
                      <li
                        key={`${r.kind}-${r.heroId}`}
                        title={t('dota.draft.games', { count: r.games })}
                        className={r.delta >= 0 ? 'text-good' : 'text-bad'}
                      >
                        {reasonText(r, t)} {signedPct(r.delta)}
                        <span className="ml-1 text-faint">
                          ({t('dota.draft.gamesShort', { count: r.games })})
                        </span>
                      </li>
                    ))}
                </ul>
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
