/**
 * Layout checks any browser test can run on an open page: no horizontal overflow of the
 * document, no two visible pieces of text drawn over each other, and (for the Spanish
 * dashboard) no visible English text. The checks read the rendered page: text boxes come
 * from the text nodes themselves (ranges), clipped by every scrolling or clipping ancestor,
 * so text scrolled out of an inner box or truncated with an ellipsis does not count.
 */
import type { Page } from 'playwright-core';

export interface TextBox {
  text: string;
  /** A short CSS-like path of the element holding the text, to find it in the page. */
  where: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Which text node drew it: the line boxes of one node never count as overlapping each other. */
  node: number;
  /** Inside `translate="no"`: stored data the page shows as it is (audit details), not the page's own words. */
  stored: boolean;
}

export interface LayoutReport {
  viewport: number;
  /** The document's scroll width when it exceeds the viewport, else null. */
  overflow: { scrollWidth: number; clientWidth: number; widest: string[] } | null;
  overlaps: [TextBox, TextBox][];
  /** Buttons, links and fields cut by the edge of the screen or of the box they scroll in. */
  cut: string[];
}

/** Every visible text on the page: text nodes, placeholders of empty fields, and the options of visible selects. */
export async function visibleTexts(page: Page): Promise<TextBox[]> {
  return (await collect(page)).texts;
}

/** Reads the page once and answers overflow and overlapping text. */
export async function layoutReport(page: Page): Promise<LayoutReport> {
  const { texts, viewport, overflow, cut } = await collect(page);
  const boxes = texts.filter((t) => t.width > 0 && t.height > 0);
  const overlaps: [TextBox, TextBox][] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      if (a.node === b.node) continue;
      const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
      const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
      // Line boxes of neighbouring lines touch by a pixel or two; text drawn over text covers a good part of one.
      if (w > 2 && h > 2 && w * h > 0.2 * Math.min(a.width * a.height, b.width * b.height))
        overlaps.push([a, b]);
    }
  }
  return { viewport, overflow, overlaps, cut };
}

/** Throws a readable description of every layout problem on the page (for `expect` in a test). */
export async function assertLayout(page: Page, label: string): Promise<void> {
  const r = await layoutReport(page);
  const problems: string[] = [];
  if (r.overflow)
    problems.push(
      `the document is ${r.overflow.scrollWidth} px wide in a ${r.overflow.clientWidth} px viewport; widest: ${r.overflow.widest.join(', ')}`,
    );
  for (const [a, b] of r.overlaps)
    problems.push(
      `"${a.text}" (${a.where}) overlaps "${b.text}" (${b.where}) at ${Math.round(a.x)},${Math.round(a.y)}`,
    );
  for (const c of r.cut) problems.push(`${c} is cut off: part of it is out of sight`);
  if (problems.length) throw new Error(`${label} at ${r.viewport} px:\n  ${problems.join('\n  ')}`);
}

interface Collected {
  texts: TextBox[];
  viewport: number;
  overflow: LayoutReport['overflow'];
  cut: string[];
}

function collect(page: Page): Promise<Collected> {
  // Runs in the page: plain arrow functions only (no helpers the test's compiler might add).
  return page.evaluate(() => {
    const doc = document.documentElement;
    const vw = doc.clientWidth;
    const describe = (el: Element): string => {
      const parts: string[] = [];
      for (let e: Element | null = el; e && e !== document.body && parts.length < 3; e = e.parentElement) {
        const id = e.getAttribute('data-testid');
        const cls = (e.getAttribute('class') ?? '').split(/\s+/).filter(Boolean).slice(0, 2).join('.');
        parts.unshift(`${e.tagName.toLowerCase()}${id ? `[${id}]` : cls ? `.${cls}` : ''}`);
      }
      return parts.join(' > ');
    };
    const clips = (el: Element): boolean => {
      const s = getComputedStyle(el);
      return s.overflowX !== 'visible' || s.overflowY !== 'visible' || s.clipPath !== 'none';
    };
    /** The rectangle clipped by every ancestor that clips, or null when nothing of it shows. */
    const clipped = (r: DOMRect, from: Element): { x: number; y: number; w: number; h: number } | null => {
      let [x1, y1, x2, y2] = [r.left, r.top, r.right, r.bottom];
      for (let e: Element | null = from; e && e !== doc; e = e.parentElement) {
        if (!clips(e)) continue;
        const c = e.getBoundingClientRect();
        x1 = Math.max(x1, c.left);
        y1 = Math.max(y1, c.top);
        x2 = Math.min(x2, c.right);
        y2 = Math.min(y2, c.bottom);
        if (x2 - x1 < 2 || y2 - y1 < 2) return null;
      }
      return { x: x1, y: y1 + window.scrollY, w: x2 - x1, h: y2 - y1 };
    };
    const shown = (el: Element) =>
      el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) &&
      !el.closest('[role="tooltip"], script, style, noscript, template, option, select, textarea');
    const texts: TextBox[] = [];
    let node = 0;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = (n.textContent ?? '').replace(/\s+/g, ' ').trim();
      const el = n.parentElement;
      node += 1;
      if (!text || !el || !shown(el)) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      for (const r of Array.from(range.getClientRects())) {
        if (r.width < 1 || r.height < 1) continue;
        const c = clipped(r, el);
        const stored = !!el.closest('[translate="no"]');
        if (c)
          texts.push({ text, where: describe(el), x: c.x, y: c.y, width: c.w, height: c.h, node, stored });
      }
    }
    // Texts a person reads that are not text nodes: placeholders of empty fields and select options.
    for (const input of Array.from(document.querySelectorAll('input[placeholder], textarea[placeholder]'))) {
      const field = input as HTMLInputElement;
      if (!field.value && field.checkVisibility())
        texts.push({
          text: field.placeholder,
          where: describe(field),
          x: 0,
          y: 0,
          width: 0,
          height: 0,
          node: -1,
          stored: !!field.closest('[translate="no"]'),
        });
    }
    for (const select of Array.from(document.querySelectorAll('select'))) {
      if (!select.checkVisibility()) continue;
      for (const o of Array.from(select.options))
        texts.push({
          text: o.text.trim(),
          where: describe(select),
          x: 0,
          y: 0,
          width: 0,
          height: 0,
          node: -1,
          stored: !!select.closest('[translate="no"]'),
        });
    }
    // A control half in sight reads as broken. On a phone a table may scroll sideways in its own
    // box (a control half past that box's edge is reached by scrolling it); on a wider screen
    // nothing should need to.
    const phoneWidth = vw < 1024;
    const scrolls = (e: Element) => {
      const s = getComputedStyle(e);
      return (s.overflowX === 'auto' || s.overflowX === 'scroll') && e.scrollWidth > e.clientWidth;
    };
    const inScroller = (el: Element) => {
      for (let e = el.parentElement; e && e !== doc; e = e.parentElement) if (scrolls(e)) return true;
      return false;
    };
    const cut: string[] = [];
    const controls = document.querySelectorAll(
      'main a, main button, main input, main select, header a, header button, header select',
    );
    for (const el of Array.from(controls)) {
      if (!el.checkVisibility({ visibilityProperty: true })) continue;
      const r = el.getBoundingClientRect();
      if (r.width < 4 || r.height < 4) continue;
      if (phoneWidth && inScroller(el)) continue;
      const c = clipped(new DOMRect(r.left, r.top, r.width, r.height), el.parentElement ?? el);
      const right = Math.min(r.right, vw);
      const shownWidth = c ? Math.min(c.w, right - c.x) : 0;
      if (shownWidth > 2 && shownWidth < r.width - 2)
        cut.push(`${describe(el)} "${(el.textContent ?? '').trim().slice(0, 30)}"`);
    }
    let overflow: LayoutReport['overflow'] = null;
    if (doc.scrollWidth > vw) {
      const widest: string[] = [];
      for (const el of Array.from(document.body.querySelectorAll('*'))) {
        const r = el.getBoundingClientRect();
        if (r.right <= vw + 1 || r.width === 0) continue;
        // Only elements that push the document: none of their ancestors clips them.
        let inside = false;
        for (let e = el.parentElement; e && e !== doc; e = e.parentElement) if (clips(e)) inside = true;
        if (!inside && !(el.parentElement && el.parentElement.getBoundingClientRect().right > vw + 1))
          widest.push(`${describe(el)} (right ${Math.round(r.right)})`);
        if (widest.length >= 5) break;
      }
      overflow = { scrollWidth: doc.scrollWidth, clientWidth: vw, widest };
    }
    return { texts, viewport: vw, overflow, cut };
  });
}

/**
 * The English texts that must not show in the Spanish dashboard: every catalogue value whose
 * Spanish differs (placeholders match anything), and a few common English UI words.
 */
export function englishMatcher(
  en: Record<string, unknown>,
  es: Record<string, unknown>,
  extraWords: string[] = [],
): (text: string) => string | null {
  const pairs: [string, string | undefined][] = [];
  const walk = (a: unknown, b: unknown) => {
    if (typeof a === 'string') pairs.push([a, typeof b === 'string' ? b : undefined]);
    else if (a && typeof a === 'object')
      for (const [k, v] of Object.entries(a)) walk(v, (b as Record<string, unknown> | undefined)?.[k]);
  };
  walk(en, es);
  const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const patterns: { source: string; re: RegExp }[] = [];
  // An English word Spanish uses too (it is some Spanish value) is Spanish as well.
  const spanishToo = new Set(pairs.map(([, spanish]) => spanish));
  for (const [english, spanish] of pairs) {
    if (english === spanish || spanishToo.has(english)) continue;
    const fixed = english
      .split(/\{\{[^}]+\}\}/)
      .map(escapeRe)
      .join('.+?');
    // A value that is only placeholders and punctuation says nothing about the language.
    if (english.replace(/\{\{[^}]+\}\}/g, '').replace(/[^A-Za-z]/g, '').length < 2) continue;
    patterns.push({ source: english, re: new RegExp(`^${fixed}$`) });
  }
  const words = [
    'the',
    'and',
    'with',
    'from',
    'online',
    'offline',
    'members',
    'member',
    'loading',
    'save',
    'cancel',
    'delete',
    'search',
    'settings',
    'never',
    'yesterday',
    'today',
    'week',
    'days',
    'hours',
    'minutes',
    'score',
    'level',
    'heroic',
    'mythic',
    'healer',
    'damage',
    'dungeon',
    'raid',
    ...extraWords,
  ];
  // Whole words only: "raid008" is an identifier, "Raid night" is English.
  const wordRe = new RegExp(
    `(^|[^\\p{L}\\p{N}])(${words.map(escapeRe).join('|')})(?=$|[^\\p{L}\\p{N}])`,
    'iu',
  );
  return (text) => {
    const t = text.replace(/\s+/g, ' ').trim();
    if (!t) return null;
    const hit = patterns.find((p) => p.re.test(t));
    if (hit) return `catalogue value "${hit.source}"`;
    const w = wordRe.exec(t.replace(/\{\{[^}]+\}\}/g, ' '));
    return w ? `English word "${w[2]}"` : null;
  };
}
