import { normalizeRsn } from './discord-activity';

/** `off`, `exact` (the default), or a pattern such as `{name} |*` (see `zOsrsNicknameRule`). */
export type NicknameRule = string;

const literal = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');

/**
 * What the rule reads as an OSRS name in a Discord name, normalized as the game compares
 * names; undefined when the rule is off or the name does not fit the pattern.
 */
export function nicknameMatcher(rule: NicknameRule | undefined): (displayName: string) => string | undefined {
  const r = rule ?? 'exact';
  if (r === 'off') return () => undefined;
  if (r === 'exact') return (name) => normalizeRsn(name) || undefined;
  const [before = '', after = ''] = r.split('{name}');
  const pattern = new RegExp(`^${literal(before)}(.+?)${literal(after)}$`, 'is');
  return (name) => {
    const m = pattern.exec(name.trim());
    return m?.[1] ? normalizeRsn(m[1]) || undefined : undefined;
  };
}
