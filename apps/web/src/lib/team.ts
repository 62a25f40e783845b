import { battleResClasses, classToken, lustClasses, type Role } from './wow';

export interface TeamMember {
  id: string;
  name: string;
  class: string | null;
  role: Role | null;
  score: number | null;
}

export interface TeamCheck {
  size: number;
  averageScore: number | null;
  roles: Record<Role, number>;
  /** One tank, one healer, three dps. */
  rolesOk: boolean;
  lust: TeamMember[];
  battleRes: TeamMember[];
}

/** What a five-player Mythic+ group has and lacks. */
export function checkTeam(members: TeamMember[]): TeamCheck {
  const roles: Record<Role, number> = { tank: 0, healer: 0, dps: 0 };
  for (const m of members) if (m.role) roles[m.role] += 1;
  const scored = members.filter((m) => typeof m.score === 'number');
  const averageScore = scored.length
    ? Math.round(scored.reduce((sum, m) => sum + (m.score ?? 0), 0) / scored.length)
    : null;
  const has = (set: Set<string>) => members.filter((m) => set.has(classToken(m.class) ?? ''));
  return {
    size: members.length,
    averageScore,
    roles,
    rolesOk: members.length === 5 && roles.tank === 1 && roles.healer === 1 && roles.dps === 3,
    lust: has(lustClasses),
    battleRes: has(battleResClasses),
  };
}
