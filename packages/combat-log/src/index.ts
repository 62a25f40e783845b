export { splitFields, splitGroupedFields } from './fields';
export {
  type CombatLogCombatant,
  type CombatLogEvent,
  type CombatLogOutput,
  CombatLogParser,
  type CombatLogParserOptions,
  type CombatLogPull,
  type CombatLogRaid,
  type CombatLogStats,
  hash64,
  initialState,
  type ParserState,
} from './parser';
export { SPECS, type Spec } from './specs';
export {
  type CombatLogBatch,
  type CombatLogCheckpoint,
  type ParseCombatLogOptions,
  parseCombatLog,
  parseCombatLogText,
} from './stream';
