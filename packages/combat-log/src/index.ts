export { splitFields, splitGroupedFields } from './fields';
export { combatLogFileId, firstLine, HEAD_BYTES, isCombatLogLine } from './identity';
export {
  type CombatLogCombatant,
  type CombatLogEvent,
  type CombatLogOutput,
  CombatLogParser,
  type CombatLogParserOptions,
  type CombatLogPull,
  type CombatLogRaid,
  type CombatLogStats,
  ENVIRONMENT_SOURCE_NAME,
  hash64,
  initialState,
  type ParserState,
  PET_TAG,
} from './parser';
export { SPECS, type Spec } from './specs';
export {
  type CombatLogBatch,
  type CombatLogCheckpoint,
  type ParseCombatLogOptions,
  parseCombatLog,
  parseCombatLogText,
} from './stream';
