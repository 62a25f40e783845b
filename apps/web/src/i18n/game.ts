import { type GameNameKind, gameName } from './game-names';
import { i18n } from './index';

const inCurrentLanguage =
  (kind: GameNameKind) =>
  <T extends string | null | undefined>(name: T): T =>
    (name ? gameName(kind, name, i18n.language) : name) as T;

/**
 * `game.spec('Blood')` is "Sangre" in Spanish and "Blood" in English (null passes through).
 * Call it while rendering a component that uses `useTranslation`, so a language switch re-renders it.
 */
export const game = {
  spec: inCurrentLanguage('spec'),
  dungeon: inCurrentLanguage('dungeon'),
  raid: inCurrentLanguage('raid'),
};
