import { cleanDisplayText } from '@guildhall/contracts';

/**
 * What Discord accepts in one message (Create Message, Execute Webhook): longer text, more
 * fields or more embeds are refused with a 400, so nothing is sent that breaks them.
 */
export const DISCORD_LIMITS = {
  content: 2_000,
  username: 80,
  embeds: 10,
  title: 256,
  description: 4_096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1_024,
  footer: 2_048,
  author: 256,
  /** Title, description, field names and values, footer and author of every embed, together. */
  total: 6_000,
} as const;

export interface DiscordEmbed {
  title?: string;
  description?: string;
  url?: string;
  color?: number;
  timestamp?: string;
  fields?: { name: string; value: string; inline?: boolean }[];
  footer?: { text: string; icon_url?: string };
  author?: { name: string; url?: string; icon_url?: string };
}

/** Who a message may ping: Guildhall's messages carry player text, so nobody. */
export interface DiscordAllowedMentions {
  parse: ('users' | 'roles' | 'everyone')[];
  users?: string[];
  roles?: string[];
}

export interface DiscordMessage {
  username?: string;
  content?: string;
  embeds?: DiscordEmbed[];
  allowed_mentions?: DiscordAllowedMentions;
}

export const NO_MENTIONS: DiscordAllowedMentions = { parse: [] };

export interface DiscordLimitViolation {
  /** Where, as a path into the message (`embeds.0.description`). */
  path: string;
  length: number;
  limit: number;
}

/** Every limit the message breaks; empty when Discord will take it. */
export function checkDiscordMessage(message: DiscordMessage): DiscordLimitViolation[] {
  const out: DiscordLimitViolation[] = [];
  const check = (path: string, length: number, limit: number) => {
    if (length > limit) out.push({ path, length, limit });
  };
  check('content', message.content?.length ?? 0, DISCORD_LIMITS.content);
  check('username', message.username?.length ?? 0, DISCORD_LIMITS.username);
  const embeds = message.embeds ?? [];
  check('embeds', embeds.length, DISCORD_LIMITS.embeds);
  let total = 0;
  embeds.forEach((e, i) => {
    const at = `embeds.${i}`;
    const title = e.title?.length ?? 0;
    const description = e.description?.length ?? 0;
    const footer = e.footer?.text.length ?? 0;
    const author = e.author?.name.length ?? 0;
    check(`${at}.title`, title, DISCORD_LIMITS.title);
    check(`${at}.description`, description, DISCORD_LIMITS.description);
    check(`${at}.footer.text`, footer, DISCORD_LIMITS.footer);
    check(`${at}.author.name`, author, DISCORD_LIMITS.author);
    const fields = e.fields ?? [];
    check(`${at}.fields`, fields.length, DISCORD_LIMITS.fields);
    total += title + description + footer + author;
    fields.forEach((f, j) => {
      check(`${at}.fields.${j}.name`, f.name.length, DISCORD_LIMITS.fieldName);
      check(`${at}.fields.${j}.value`, f.value.length, DISCORD_LIMITS.fieldValue);
      total += f.name.length + f.value.length;
    });
  });
  check('embeds (all text)', total, DISCORD_LIMITS.total);
  return out;
}

/** Cuts text to `limit` characters, marking the cut with an ellipsis. */
export function truncateText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  if (limit <= 0) return '';
  // Never cut between the halves of a surrogate pair, nor right after an escaping backslash.
  let cut = limit - 1;
  if (/[\uD800-\uDBFF]/.test(text[cut - 1] ?? '')) cut -= 1;
  let head = text.slice(0, cut);
  const trailing = /\\+$/.exec(head)?.[0].length ?? 0;
  if (trailing % 2 === 1) head = head.slice(0, -1);
  return `${head}…`;
}

/**
 * As many items as fit in `budget` characters, joined, followed by what `more(n)` says of
 * the n left out ("and 180 more"): a long list is cut, never refused.
 */
export function listWithMore(
  items: string[],
  budget: number,
  more: (n: number) => string,
  separator = ', ',
): string {
  const all = items.join(separator);
  if (all.length <= budget) return all;
  let used = 0;
  let shown = 0;
  for (const item of items) {
    const next = used + (shown > 0 ? separator.length : 0) + item.length;
    // Room must stay for the tail naming the rest (its digits only shrink as more are shown).
    if (next + more(items.length - shown - 1).length > budget) break;
    used = next;
    shown += 1;
  }
  return `${items.slice(0, shown).join(separator)}${more(items.length - shown)}`;
}

/**
 * A message cut to Discord's limits: every text to its own limit, then descriptions and
 * field values shortened until all embeds together fit in 6,000 characters. Templates fit
 * their lists themselves ("and N more"); this is the net under anything else.
 */
export function fitDiscordMessage(message: DiscordMessage): DiscordMessage {
  const L = DISCORD_LIMITS;
  const embeds = (message.embeds ?? []).slice(0, L.embeds).map((e) => ({
    ...e,
    ...(e.title === undefined ? {} : { title: truncateText(e.title, L.title) }),
    ...(e.description === undefined ? {} : { description: truncateText(e.description, L.description) }),
    ...(e.footer ? { footer: { ...e.footer, text: truncateText(e.footer.text, L.footer) } } : {}),
    ...(e.author ? { author: { ...e.author, name: truncateText(e.author.name, L.author) } } : {}),
    ...(e.fields
      ? {
          fields: e.fields.slice(0, L.fields).map((f) => ({
            ...f,
            name: truncateText(f.name, L.fieldName),
            value: truncateText(f.value, L.fieldValue),
          })),
        }
      : {}),
  }));
  const fitted: DiscordMessage = {
    ...message,
    ...(message.content === undefined ? {} : { content: truncateText(message.content, L.content) }),
    ...(message.username === undefined ? {} : { username: truncateText(message.username, L.username) }),
    ...(message.embeds ? { embeds } : {}),
  };
  // Still over the total: shorten the longest descriptions and values first, from the last embed.
  for (;;) {
    const over = checkDiscordMessage(fitted).find((v) => v.path === 'embeds (all text)');
    if (!over) return fitted;
    let excess = over.length - over.limit;
    for (const e of [...embeds].reverse()) {
      if (excess <= 0) break;
      if (e.description) {
        const keep = Math.max(0, e.description.length - excess);
        excess -= e.description.length - keep;
        e.description = truncateText(e.description, keep);
      }
      for (const f of [...(e.fields ?? [])].reverse()) {
        if (excess <= 0) break;
        const keep = Math.max(1, f.value.length - excess);
        excess -= f.value.length - keep;
        f.value = truncateText(f.value, keep);
      }
    }
    // Titles, names and footers alone over 6,000 (ten long embeds): drop embeds from the end.
    if (excess > 0) embeds.pop();
  }
}

/** Markdown that works anywhere in a line: emphasis, code, spoilers, links, mentions. */
const INLINE = /[\\*_~`|<>[\]()@]/g;
/** What starts a heading, list, quote or subtext when it opens a line. */
const LINE_START = /^(\s*)([#>+-]|\d+\.)/;
/** `https://…` (and `steam://…`): Discord links and previews them. */
const URL_SCHEME = /(\w):\/\//g;

/**
 * Player text made inert in a Discord message: invisible and control characters removed,
 * then every markdown character escaped with a backslash (Discord shows the character and
 * drops the backslash). Mentions (`@everyone`, `<@id>`, `<@&id>`, `<#id>`), `<…>` links,
 * masked links `[x](y)`, code, spoilers, headings, lists and bare URLs no longer work.
 * `allowed_mentions: { parse: [] }` on every message is the second lock on pings.
 */
export function escapeDiscordMarkdown(text: string): string {
  return cleanDisplayText(text)
    .replace(INLINE, '\\$&')
    .replace(LINE_START, (_, space: string, marker: string) =>
      // `1.` is escaped on its dot: a backslash before a digit would be shown.
      marker.endsWith('.') ? `${space}${marker.slice(0, -1)}\\.` : `${space}\\${marker}`,
    )
    .replace(URL_SCHEME, '$1\\://');
}

/** Text for the places Discord shows as typed (footer, author, username): only cleaned. */
export const plainDiscordText = (text: string) => cleanDisplayText(text);
