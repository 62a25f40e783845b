// Minimal types for the parts of luaparse used by tests and the benchmark.
declare module 'luaparse' {
  export interface LuaParseOptions {
    comments?: boolean;
    locations?: boolean;
    ranges?: boolean;
    scope?: boolean;
    luaVersion?: '5.1' | '5.2' | '5.3' | 'LuaJIT';
    encodingMode?: 'none' | 'pseudo-latin1' | 'x-user-defined';
  }

  export interface Identifier {
    type: 'Identifier';
    name: string;
  }
  export interface StringLiteral {
    type: 'StringLiteral';
    value: string | null;
    raw: string;
  }
  export interface NumericLiteral {
    type: 'NumericLiteral';
    value: number;
    raw: string;
  }
  export interface BooleanLiteral {
    type: 'BooleanLiteral';
    value: boolean;
    raw: string;
  }
  export interface NilLiteral {
    type: 'NilLiteral';
    value: null;
    raw: string;
  }
  export interface UnaryExpression {
    type: 'UnaryExpression';
    operator: string;
    argument: Expression;
  }
  export interface TableKey {
    type: 'TableKey';
    key: Expression;
    value: Expression;
  }
  export interface TableKeyString {
    type: 'TableKeyString';
    key: Identifier;
    value: Expression;
  }
  export interface TableValue {
    type: 'TableValue';
    value: Expression;
  }
  export interface TableConstructorExpression {
    type: 'TableConstructorExpression';
    fields: (TableKey | TableKeyString | TableValue)[];
  }
  export interface OtherNode {
    type: 'BinaryExpression' | 'CallExpression' | 'MemberExpression' | 'IndexExpression' | 'VarargLiteral';
  }
  export type Expression =
    | Identifier
    | StringLiteral
    | NumericLiteral
    | BooleanLiteral
    | NilLiteral
    | UnaryExpression
    | TableConstructorExpression
    | OtherNode;

  export interface AssignmentStatement {
    type: 'AssignmentStatement';
    variables: Expression[];
    init: Expression[];
  }
  export interface ReturnStatement {
    type: 'ReturnStatement';
    arguments: Expression[];
  }
  export interface OtherStatement {
    type: 'LocalStatement' | 'CallStatement' | 'DoStatement' | 'IfStatement' | 'WhileStatement';
  }
  export type Statement = AssignmentStatement | ReturnStatement | OtherStatement;
  export interface Chunk {
    type: 'Chunk';
    body: Statement[];
  }

  export function parse(source: string, options?: LuaParseOptions): Chunk;

  const luaparse: { parse: typeof parse };
  export default luaparse;
}
