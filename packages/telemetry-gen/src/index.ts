export { DEFAULT_START, optionsFromArgs, run } from './cli';
export {
  GENERATOR_SPECS,
  type GeneratedEvent,
  type GeneratedRaid,
  type GenerateOptions,
  generateRaid,
  generateRaids,
  type RosterEntry,
} from './generate';
export { Random, seedWords } from './prng';
