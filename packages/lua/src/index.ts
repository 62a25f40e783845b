export { LuaSyntaxError } from './lua-syntax-error';
export { parseLuaValue, parseSavedVariables } from './parse';
export type { LuaParseOptions } from './parser';
