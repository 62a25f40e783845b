import type { DashboardModel } from './dashboard';

type Lang = 'en' | 'es';
const TEXT = {
  title: { en: 'Clan dashboard', es: 'Panel del clan' },
  generated: { en: 'Generated', es: 'Generado' },
  timezone: { en: 'time zone', es: 'zona horaria' },
  heatmap: {
    en: 'Discord activity by hour and weekday (30 days)',
    es: 'Actividad en Discord por hora y día (30 días)',
  },
  busiest: { en: 'Busiest hour', es: 'Hora con más actividad' },
  messages: { en: 'Messages', es: 'Mensajes' },
  history: { en: 'Last 30 days', es: 'Últimos 30 días' },
  messagesPerDay: { en: 'Messages per day', es: 'Mensajes por día' },
  xpPerDay: { en: 'XP per day', es: 'XP por día' },
  scatter: { en: 'XP vs messages per member (30 days)', es: 'XP frente a mensajes por miembro (30 días)' },
  bosses: { en: 'Boss records', es: 'Récords de jefes' },
  boss: { en: 'Boss', es: 'Jefe' },
  topXp7: { en: 'Top XP, 7 days', es: 'Más XP, 7 días' },
  topXp30: { en: 'Top XP, 30 days', es: 'Más XP, 30 días' },
  topMessages: { en: 'Top messages, 30 days', es: 'Más mensajes, 30 días' },
  member: { en: 'Member', es: 'Miembro' },
  none: { en: 'No data yet', es: 'Sin datos todavía' },
} satisfies Record<string, Record<Lang, string>>;

const WEEKDAYS: Record<Lang, string[]> = {
  en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
  es: ['lun', 'mar', 'mié', 'jue', 'vie', 'sáb', 'dom'],
};

/** Text or attribute value made inert: player names are chosen by players. */
export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** JSON safe inside a script element: no `</script>`, no HTML comment openers. */
const inlineJson = (v: unknown) =>
  JSON.stringify(v).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');

const CSS = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;padding:24px;background:#f6f4ef;color:#222}
h1{margin:0 0 4px}h2{font-size:1.1rem;margin:0 0 12px}
.meta{color:#666;margin-bottom:20px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px}
section{background:#fff;border-radius:8px;padding:16px;box-shadow:0 1px 3px rgba(0,0,0,.1);overflow-x:auto}
.wide{grid-column:1/-1}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eee}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
svg text{font-size:11px;fill:#444}.empty{color:#888;font-style:italic}
`;

export function renderDashboard(m: DashboardModel): string {
  const lang = m.language;
  const t = (k: keyof typeof TEXT) => TEXT[k][lang];
  const fmt = new Intl.NumberFormat(lang === 'es' ? 'es-ES' : 'en-US', { maximumFractionDigits: 0 });
  const n = (v: number) => fmt.format(v);

  const board = (id: string, title: string, rows: { name: string; value: number }[], unit: string) =>
    `<section id="${id}"><h2>${escapeHtml(title)}</h2>${
      rows.length === 0
        ? `<p class="empty">${t('none')}</p>`
        : `<table><thead><tr><th>#</th><th>${t('member')}</th><th class="num">${escapeHtml(unit)}</th></tr></thead><tbody>${rows
            .map(
              (r, i) =>
                `<tr><td>${i + 1}</td><td class="name">${escapeHtml(r.name)}</td><td class="num" data-value="${r.value}">${n(r.value)}</td></tr>`,
            )
            .join('')}</tbody></table>`
    }</section>`;

  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(`${m.community} · ${t('title')}`)}</title><style>${CSS}</style></head>
<body>
<h1>${escapeHtml(m.community)}</h1>
<div class="meta">${t('title')} · ${t('generated')} <time datetime="${m.generatedAt}">${escapeHtml(m.generatedAt.slice(0, 16).replace('T', ' '))} UTC</time> · ${t('timezone')} ${escapeHtml(m.timezone)}</div>
<div class="grid">
<section class="wide" id="heatmap"><h2>${t('heatmap')}</h2>${heatmapSvg(m, lang, n)}</section>
<section class="wide" id="history"><h2>${t('history')}</h2>
<h3>${t('messagesPerDay')}</h3>${barsSvg(
    'history-messages',
    m.history.map((d) => ({ label: d.day, value: d.messages })),
    '#3b6ea5',
    n,
  )}
<h3>${t('xpPerDay')}</h3>${barsSvg(
    'history-xp',
    m.history.map((d) => ({ label: d.day, value: d.xp })),
    '#c08a2b',
    n,
  )}</section>
<section class="wide" id="scatter"><h2>${t('scatter')}</h2>${scatterSvg(m, t('messages'), n)}</section>
${board('top-xp-7', t('topXp7'), m.topXp7, 'XP')}
${board('top-xp-30', t('topXp30'), m.topXp30, 'XP')}
${board('top-messages', t('topMessages'), m.topMessages, t('messages'))}
<section id="bosses"><h2>${t('bosses')}</h2>${
    m.bosses.length === 0
      ? `<p class="empty">${t('none')}</p>`
      : `<table><thead><tr><th>${t('boss')}</th><th>1</th><th>2</th><th>3</th></tr></thead><tbody>${m.bosses
          .map(
            (b) =>
              `<tr data-boss="${escapeHtml(b.boss)}"><td>${escapeHtml(b.boss.replace(/_/g, ' '))}</td>${[
                0, 1, 2,
              ]
                .map((i) => {
                  const r = b.top[i];
                  return r
                    ? `<td><span class="name">${escapeHtml(r.name)}</span> <span class="num" data-value="${r.value}">${n(r.value)}</span></td>`
                    : '<td></td>';
                })
                .join('')}</tr>`,
          )
          .join('')}</tbody></table>`
  }</section>
</div>
<script type="application/json" id="dashboard-data">${inlineJson(m)}</script>
</body></html>
`;
}

function heatmapSvg(m: DashboardModel, lang: Lang, n: (v: number) => string): string {
  const cell = 26;
  const left = 40;
  const top = 18;
  let max = 0;
  let best = { dow: 1, hour: 0 };
  for (const [d, row] of m.heatmap.entries()) {
    for (const [h, v] of row.entries()) {
      if (v > max) [max, best] = [v, { dow: d + 1, hour: h }];
    }
  }
  const cells = m.heatmap
    .flatMap((row, d) =>
      row.map((v, h) => {
        const alpha = max === 0 ? 0 : 0.08 + (0.92 * v) / max;
        return `<rect x="${left + h * cell}" y="${top + d * cell}" width="${cell - 2}" height="${cell - 2}" rx="3" fill="rgb(59,110,165)" fill-opacity="${alpha.toFixed(3)}" stroke="#e3e3e3" data-dow="${d + 1}" data-hour="${h}" data-count="${v}"><title>${WEEKDAYS[lang][d]} ${String(h).padStart(2, '0')}:00 · ${n(v)}</title></rect>`;
      }),
    )
    .join('');
  const hours = Array.from({ length: 24 }, (_, h) =>
    h % 3 === 0 ? `<text x="${left + h * cell + 4}" y="12">${String(h).padStart(2, '0')}</text>` : '',
  ).join('');
  const days = WEEKDAYS[lang].map((d, i) => `<text x="0" y="${top + i * cell + 17}">${d}</text>`).join('');
  const width = left + 24 * cell;
  const height = top + 7 * cell;
  const summary =
    max === 0
      ? `<p class="empty">${TEXT.none[lang]}</p>`
      : `<p id="heatmap-max" data-count="${max}" data-dow="${best.dow}" data-hour="${best.hour}">${TEXT.busiest[lang]}: ${WEEKDAYS[lang][best.dow - 1]} ${String(best.hour).padStart(2, '0')}:00 · ${n(max)}</p>`;
  return `<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">${hours}${days}${cells}</svg>${summary}`;
}

function barsSvg(
  id: string,
  bars: { label: string; value: number }[],
  color: string,
  n: (v: number) => string,
): string {
  const w = 900;
  const h = 160;
  const left = 64;
  const bottom = 22;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const step = (w - left) / Math.max(1, bars.length);
  const rects = bars
    .map((b, i) => {
      const bh = ((h - bottom - 8) * b.value) / max;
      const x = left + i * step;
      const last = i === bars.length - 1;
      const anchor = last ? ` x="${(x + step - 3).toFixed(1)}" text-anchor="end"` : ` x="${x.toFixed(1)}"`;
      const label = i % 5 === 0 || last ? `<text${anchor} y="${h - 6}">${b.label.slice(5)}</text>` : '';
      return `<rect x="${x.toFixed(1)}" y="${(h - bottom - bh).toFixed(1)}" width="${(step - 3).toFixed(1)}" height="${bh.toFixed(1)}" fill="${color}" data-day="${b.label}" data-value="${b.value}"><title>${b.label} · ${n(b.value)}</title></rect>${label}`;
    })
    .join('');
  const axis = `<text x="0" y="14">${n(max)}</text><text x="0" y="${h - bottom}">0</text><line x1="${left}" x2="${w}" y1="${h - bottom}" y2="${h - bottom}" stroke="#999"/>`;
  return `<svg id="${id}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img">${axis}${rects}</svg>`;
}

function scatterSvg(m: DashboardModel, messagesLabel: string, n: (v: number) => string): string {
  const w = 900;
  const h = 300;
  const pad = { l: 70, r: 20, t: 10, b: 36 };
  const maxX = Math.max(1, ...m.scatter.map((p) => p.messages));
  const maxY = Math.max(1, ...m.scatter.map((p) => p.xp));
  const x = (v: number) => pad.l + ((w - pad.l - pad.r) * v) / maxX;
  const y = (v: number) => h - pad.b - ((h - pad.t - pad.b) * v) / maxY;
  // Names beside the dots while they stay readable; past that, the tooltips.
  const labelled = m.scatter.length <= 25;
  const dots = m.scatter
    .map(
      (p) =>
        `<circle cx="${x(p.messages).toFixed(1)}" cy="${y(p.xp).toFixed(1)}" r="5" fill="#3b6ea5" fill-opacity="0.7" data-messages="${p.messages}" data-xp="${p.xp}"><title>${escapeHtml(p.name)} · ${n(p.xp)} XP · ${n(p.messages)} ${escapeHtml(messagesLabel)}</title></circle>${labelled ? dotLabel(p.name, x(p.messages), y(p.xp), x(p.messages) > w - 200) : ''}`,
    )
    .join('');
  const axes = `<line x1="${pad.l}" x2="${w - pad.r}" y1="${h - pad.b}" y2="${h - pad.b}" stroke="#999"/><line x1="${pad.l}" x2="${pad.l}" y1="${pad.t}" y2="${h - pad.b}" stroke="#999"/>
<text x="${pad.l}" y="${h - 18}">0</text><text x="${w - pad.r - 60}" y="${h - 18}">${n(maxX)}</text><text x="${w / 2 - 30}" y="${h - 4}">${escapeHtml(messagesLabel)}</text>
<text x="0" y="${pad.t + 10}">${n(maxY)}</text><text x="0" y="${h / 2}">XP</text>`;
  return `<svg width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img">${axes}${dots}</svg>`;
}

function dotLabel(name: string, cx: number, cy: number, leftOfDot: boolean): string {
  const short = name.length > 24 ? `${name.slice(0, 23)}…` : name;
  const at = leftOfDot ? `x="${(cx - 9).toFixed(1)}" text-anchor="end"` : `x="${(cx + 9).toFixed(1)}"`;
  return `<text ${at} y="${(cy + 4).toFixed(1)}">${escapeHtml(short)}</text>`;
}
