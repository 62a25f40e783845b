import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useFormat } from '../lib/format';
import { classColor, classToken, parseColor, scoreColor } from '../lib/wow';

export function Card(props: {
  title?: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  id?: string;
}) {
  return (
    <section className={`card min-w-0 p-4 sm:p-5 ${props.className ?? ''}`} aria-labelledby={props.id}>
      {(props.title || props.actions) && (
        <header className="mb-4 flex flex-wrap items-start justify-between gap-2">
          <div className="min-w-0">
            {props.title && (
              <h2 id={props.id} className="h-display text-lg text-text">
                {props.title}
              </h2>
            )}
            {props.subtitle && <p className="mt-0.5 text-sm text-muted">{props.subtitle}</p>}
          </div>
          {props.actions && <div className="flex flex-wrap items-center gap-2">{props.actions}</div>}
        </header>
      )}
      {props.children}
    </section>
  );
}

/** One headline figure on a card: a label, the value, an optional hint below. */
export function Kpi(props: {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  accent?: string;
  testId?: string;
}) {
  return (
    <div className="card relative overflow-hidden p-4" data-testid={props.testId}>
      <span
        aria-hidden="true"
        className="absolute inset-x-0 top-0 h-0.5"
        style={{ background: `linear-gradient(90deg, ${props.accent ?? '#22d3ee'}, transparent)` }}
      />
      <p className="text-xs font-medium tracking-wide text-muted uppercase">{props.label}</p>
      <p
        className="h-display mt-1 text-3xl text-text tabular-nums"
        data-testid={props.testId && `${props.testId}-value`}
      >
        {props.value}
      </p>
      {props.hint && <p className="mt-1 text-xs text-faint">{props.hint}</p>}
    </div>
  );
}

/** Previous and next through pages numbered from 1, with "Page n of m". */
export function Pager(props: {
  page: number;
  pages: number;
  onChange: (page: number) => void;
  className?: string;
  /** `<id>-page` on the label, `<id>-next` on the next button. */
  testId?: string;
}) {
  const { t } = useTranslation();
  const label = t('roster.page', { page: props.page, pages: props.pages });
  return (
    <nav
      className={`flex flex-wrap items-center justify-between gap-2 text-sm ${props.className ?? ''}`}
      aria-label={label}
    >
      <span className="text-muted" data-testid={props.testId && `${props.testId}-page`}>
        {label}
      </span>
      <div className="flex gap-2">
        <button
          type="button"
          className="btn"
          disabled={props.page <= 1}
          onClick={() => props.onChange(props.page - 1)}
        >
          {t('roster.prev')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={props.page >= props.pages}
          onClick={() => props.onChange(props.page + 1)}
          data-testid={props.testId && `${props.testId}-next`}
        >
          {t('roster.next')}
        </button>
      </div>
    </nav>
  );
}

export function PageTitle(props: { children: ReactNode; aside?: ReactNode }) {
  return (
    <div className="mb-5 flex flex-wrap items-end justify-between gap-3">
      <h1 className="h-display text-2xl text-text sm:text-3xl">{props.children}</h1>
      {props.aside}
    </div>
  );
}

export function Spinner({ label }: { label?: string }) {
  return (
    <span className="inline-flex items-center gap-2 text-sm text-muted" role="status">
      <span
        className="size-4 animate-spin rounded-full border-2 border-line border-t-accent"
        aria-hidden="true"
      />
      {label}
    </span>
  );
}

const skeletonWidths = [92, 84, 76, 68, 60, 52, 44, 36, 28, 20];

export function Loading({ rows = 3 }: { rows?: number }) {
  const { t } = useTranslation();
  return (
    <div className="space-y-2" aria-busy="true">
      <Spinner label={t('state.loading')} />
      {skeletonWidths.slice(0, rows).map((width) => (
        <div key={width} className="h-4 animate-pulse rounded bg-raised" style={{ width: `${width}%` }} />
      ))}
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div role="alert" className="rounded-lg border border-bad/40 bg-bad/5 p-4 text-sm">
      <p className="font-semibold text-bad">{t('state.error')}</p>
      <p className="mt-1 break-words text-muted">{message}</p>
      {onRetry && (
        <button type="button" className="btn mt-3" onClick={onRetry}>
          {t('state.retry')}
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="rounded-lg border border-dashed border-line p-6 text-center text-sm text-muted">
      {children ?? t('state.empty')}
    </div>
  );
}

/** Loading / error / empty around one query's data. */
export function QueryState<T>(props: {
  query: { data: T | undefined; isPending: boolean; error: unknown; refetch: () => unknown };
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  rows?: number;
  children: (data: T) => ReactNode;
}) {
  const { query } = props;
  if (query.isPending) return <Loading rows={props.rows} />;
  if (query.error || query.data === undefined) {
    return <ErrorState error={query.error ?? 'no data'} onRetry={() => query.refetch()} />;
  }
  if (props.isEmpty?.(query.data)) return <Empty>{props.empty}</Empty>;
  return <>{props.children(query.data)}</>;
}

export const isNotFound = (error: unknown) => error instanceof ApiError && error.status === 404;
export const isDenied = (error: unknown) =>
  error instanceof ApiError && (error.status === 401 || error.status === 403);

export function ClassName(props: { name: string; cls: string | null | undefined; short?: boolean }) {
  const display = props.short ? (props.name.split('-')[0] ?? props.name) : props.name;
  return (
    <span className="font-semibold" style={{ color: classColor(props.cls) }}>
      {display}
    </span>
  );
}

export function ClassBadge({ cls }: { cls: string | null | undefined }) {
  const { t } = useTranslation();
  const token = classToken(cls);
  if (!token) return <span className="text-faint">—</span>;
  return (
    <span className="inline-flex items-center gap-1.5">
      <span className="size-2.5 rounded-sm" style={{ background: classColor(token) }} aria-hidden="true" />
      <span>{t(`classes.${token}`)}</span>
    </span>
  );
}

/**
 * Online now (the server's one rule: seen within its window), else when last seen. With
 * `withText` the state is written beside the dot: "Online now" or "Last seen 3 days ago".
 */
export function OnlineDot({
  online,
  lastSeen,
  withText = false,
}: {
  online: boolean;
  lastSeen?: string | null;
  withText?: boolean;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const label = online
    ? t('roster.online')
    : lastSeen === undefined
      ? t('roster.offline')
      : lastSeen
        ? t('roster.lastSeenAgo', { ago: f.ago(lastSeen) })
        : t('roster.neverSeen');
  const dot = (
    <span
      role="img"
      aria-label={label}
      title={label}
      data-online={online}
      data-testid="online-dot"
      className={`inline-block size-2.5 shrink-0 rounded-full ${online ? 'bg-good shadow-[0_0_8px_rgb(74_222_128/0.8)]' : 'bg-faint/60'}`}
    />
  );
  if (!withText) return dot;
  return (
    <span className="inline-flex items-center gap-1.5" data-testid="online-state">
      {dot}
      <span className={`text-xs font-normal ${online ? 'text-good' : 'text-faint'}`}>{label}</span>
    </span>
  );
}

export function Score({ value }: { value: number | null | undefined }) {
  if (value === null || value === undefined) return <span className="text-faint">—</span>;
  return (
    <span className="font-semibold tabular-nums" style={{ color: scoreColor(value) }}>
      {Math.round(value).toLocaleString()}
    </span>
  );
}

export function ParseValue({ value }: { value: number | null | undefined }) {
  if (value === null || value === undefined) return <span className="text-faint">—</span>;
  return (
    <span className="font-semibold tabular-nums" style={{ color: parseColor(value) }}>
      {Math.floor(value)}
    </span>
  );
}

/** The avatar when there is one, else the initial on the class colour. */
export function Avatar(props: {
  name: string;
  cls: string | null | undefined;
  url?: string | null;
  size?: number;
}) {
  const size = props.size ?? 40;
  const color = classColor(props.cls);
  const [failed, setFailed] = useState(false);
  if (props.url && !failed) {
    return (
      <img
        src={props.url}
        alt=""
        onError={() => setFailed(true)}
        width={size}
        height={size}
        className="shrink-0 rounded-xl border-2 object-cover"
        style={{ borderColor: color }}
      />
    );
  }
  return (
    <span
      aria-hidden="true"
      className="h-display inline-flex shrink-0 items-center justify-center rounded-xl text-bg"
      style={{
        width: size,
        height: size,
        background: `linear-gradient(135deg, ${color}, ${color}99)`,
        fontSize: size * 0.45,
      }}
    >
      {props.name.charAt(0).toUpperCase()}
    </span>
  );
}

/** A tab's look, selected or not: the in-page tabs below and the route tab strips (`.tab-strip`) of the module pages. */
export const tabClass = (selected: boolean) =>
  `rounded-lg px-3 py-1.5 text-sm whitespace-nowrap transition ${
    selected
      ? 'bg-accent/15 text-accent-strong ring-1 ring-accent/50'
      : 'text-muted hover:bg-raised hover:text-text'
  }`;

export function Tabs<T extends string>(props: {
  tabs: { id: T; label: string }[];
  value: T;
  onChange: (id: T) => void;
  label: string;
}) {
  return (
    <div role="tablist" aria-label={props.label} className="tab-strip">
      {props.tabs.map((tab) => {
        const selected = tab.id === props.value;
        return (
          <button
            key={tab.id}
            type="button"
            role="tab"
            aria-selected={selected}
            onClick={() => props.onChange(tab.id)}
            onKeyDown={(e) => {
              const i = props.tabs.findIndex((x) => x.id === props.value);
              const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : null;
              if (next === null) return;
              const target = props.tabs[(next + props.tabs.length) % props.tabs.length]!;
              props.onChange(target.id);
            }}
            className={tabClass(selected)}
          >
            {tab.label}
          </button>
        );
      })}
    </div>
  );
}

export function Notice({ kind = 'info', children }: { kind?: 'info' | 'good' | 'bad'; children: ReactNode }) {
  const color =
    kind === 'good'
      ? 'border-good/40 bg-good/5 text-good'
      : kind === 'bad'
        ? 'border-bad/40 bg-bad/5 text-bad'
        : 'border-accent/40 bg-accent/5 text-accent-strong';
  return (
    <p role={kind === 'bad' ? 'alert' : 'status'} className={`rounded-lg border px-3 py-2 text-sm ${color}`}>
      {children}
    </p>
  );
}

/** A translated sentence whose `backticked` parts are commands, shown as code. */
export function Rich({ text }: { text: string }) {
  // Keyed by where each part starts in the sentence.
  let at = 0;
  const parts = text.split('`').map((part, i) => {
    const key = at;
    at += part.length + 1;
    return { part, key, code: i % 2 === 1 };
  });
  return (
    <>
      {parts.map(({ part, key, code }) =>
        code ? (
          <code key={key} className="rounded bg-bg px-1 py-0.5 font-mono text-[0.9em] text-accent-strong">
            {part}
          </code>
        ) : (
          <span key={key}>{part}</span>
        ),
      )}
    </>
  );
}
