import type {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLField,
  GraphQLNamedType,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';
import { graphqlJs } from './graphql-js';

const {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  valueFromASTUntyped,
} = graphqlJs;

/**
 * Refuses queries too deep, too costly or with too many aliases before any resolver runs.
 *
 * Cost is the number of field values the answer can hold: every selected field costs 1 times
 * the sizes of the lists around it. A list's size is its `limit` argument (or the field's
 * default and ceiling), a fixed bound for lists the schema bounds (five heroes a side), or,
 * for introspection, the schema's own average (so a standard introspection query fits and a
 * nested one does not). Fragments are expanded; each operation is priced as the one that runs.
 */

export interface Limits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
}

export const DEFAULT_LIMITS: Limits = { maxDepth: 15, maxCost: 20_000, maxAliases: 15 };

/** How many items a list field answers at most: a fixed bound, or its `limit` argument within a ceiling. */
export type ListSize = number | { arg: string; default: number; max: number };

export interface Verdict {
  depth: number;
  cost: number;
  aliases: number;
  error?: { code: 'QUERY_TOO_DEEP' | 'QUERY_TOO_COSTLY' | 'TOO_MANY_ALIASES'; message: string };
}

export function createQueryLimiter(
  schema: GraphQLSchema,
  listSizes: Record<string, ListSize>,
  limits: Limits,
) {
  const sizes = { ...introspectionSizes(schema), ...listSizes };

  function listSize(parent: string, field: FieldNode, variables: Record<string, unknown>): number {
    const size = sizes[`${parent}.${field.name.value}`] ?? 1;
    if (typeof size === 'number') return size;
    const arg = field.arguments?.find((a) => a.name.value === size.arg);
    const raw = arg ? valueFromASTUntyped(arg.value, variables) : undefined;
    const n = typeof raw === 'number' && Number.isFinite(raw) ? Math.ceil(raw) : size.default;
    return Math.max(1, Math.min(n, size.max));
  }

  /** The verdict on the operation that runs, or on the worst of them when the name is unknown. */
  return function check(
    document: DocumentNode,
    operationName: string | undefined | null,
    variables: Record<string, unknown> = {},
  ): Verdict {
    const ops = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    const chosen = operationName ? ops.filter((o) => o.name?.value === operationName) : ops;
    let worst: Verdict = { depth: 0, cost: 0, aliases: 0 };
    for (const op of chosen) {
      const v = checkOne(document, op, variables);
      if (v.error) return v;
      if (v.cost > worst.cost) worst = v;
    }
    return worst;
  };

  function checkOne(
    document: DocumentNode,
    op: OperationDefinitionNode,
    variables: Record<string, unknown>,
  ): Verdict {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of document.definitions)
      if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    let aliases = 0;
    let depth = 0;
    let cost = 0;
    let stop = false;

    // Depth-first over the selections with fragments expanded; stops as soon as a limit is passed.
    const walk = (
      set: SelectionSetNode,
      type: GraphQLNamedType,
      level: number,
      multiplier: number,
      visiting: Set<string>,
    ) => {
      for (const sel of set.selections) {
        if (stop) return;
        if (sel.kind === Kind.FRAGMENT_SPREAD) {
          const frag = fragments.get(sel.name.value);
          if (!frag || visiting.has(frag.name.value)) continue;
          const on = schema.getType(frag.typeCondition.name.value) ?? type;
          walk(frag.selectionSet, on, level, multiplier, new Set([...visiting, frag.name.value]));
          continue;
        }
        if (sel.kind === Kind.INLINE_FRAGMENT) {
          const on = sel.typeCondition ? (schema.getType(sel.typeCondition.name.value) ?? type) : type;
          walk(sel.selectionSet, on, level, multiplier, visiting);
          continue;
        }
        if (sel.alias && sel.alias.value !== sel.name.value) aliases += 1;
        const fieldDepth = level + 1;
        depth = Math.max(depth, fieldDepth);
        cost += multiplier;
        if (depth > limits.maxDepth || cost > limits.maxCost || aliases > limits.maxAliases) {
          stop = true;
          return;
        }
        const def = fieldOf(schema, type, sel.name.value);
        if (!def || !sel.selectionSet) continue;
        const inner = isListType(getNullableType(def.type)) ? listSize(type.name, sel, variables) : 1;
        walk(sel.selectionSet, getNamedType(def.type), fieldDepth, multiplier * inner, visiting);
      }
    };

    const root = rootType(schema, op);
    if (root) walk(op.selectionSet, root, 0, 1, new Set());
    const verdict: Verdict = { depth, cost, aliases };
    if (depth > limits.maxDepth)
      verdict.error = {
        code: 'QUERY_TOO_DEEP',
        message: `query refused: it nests deeper than ${limits.maxDepth} levels`,
      };
    else if (aliases > limits.maxAliases)
      verdict.error = {
        code: 'TOO_MANY_ALIASES',
        message: `query refused: more than ${limits.maxAliases} aliases`,
      };
    else if (cost > limits.maxCost)
      verdict.error = {
        code: 'QUERY_TOO_COSTLY',
        message: `query refused: its answer could hold more than ${limits.maxCost} values; ask for fewer fields or a smaller limit`,
      };
    return verdict;
  }
}

function rootType(schema: GraphQLSchema, op: OperationDefinitionNode) {
  if (op.operation === 'query') return schema.getQueryType() ?? undefined;
  if (op.operation === 'mutation') return schema.getMutationType() ?? undefined;
  return schema.getSubscriptionType() ?? undefined;
}

function fieldOf(
  schema: GraphQLSchema,
  type: GraphQLNamedType,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  if (name === '__schema' && type === schema.getQueryType())
    return { type: schema.getType('__Schema') } as never;
  if (name === '__type' && type === schema.getQueryType()) return { type: schema.getType('__Type') } as never;
  if (isObjectType(type) || isInterfaceType(type)) return type.getFields()[name];
  return undefined;
}

/** The average list sizes of the schema's own introspection (rounded up). */
function introspectionSizes(schema: GraphQLSchema): Record<string, number> {
  const types = Object.values(schema.getTypeMap());
  const avg = (values: number[]) =>
    values.length === 0 ? 1 : Math.max(1, Math.ceil(values.reduce((a, b) => a + b, 0) / values.length));
  const withFields = types.filter((t) => isObjectType(t) || isInterfaceType(t)) as {
    getFields(): Record<string, GraphQLField<unknown, unknown>>;
  }[];
  const fields = withFields.map((t) => Object.keys(t.getFields()).length);
  const args = withFields.flatMap((t) => Object.values(t.getFields()).map((f) => f.args.length));
  const enums = types.flatMap((t) => (isEnumType(t) ? [t.getValues().length] : []));
  const inputs = types.flatMap((t) => (isInputObjectType(t) ? [Object.keys(t.getFields()).length] : []));
  const directives = schema.getDirectives();
  return {
    '__Schema.types': types.length,
    '__Schema.directives': directives.length,
    '__Type.fields': avg(fields),
    '__Type.enumValues': avg(enums),
    '__Type.inputFields': avg(inputs),
    '__Field.args': avg(args),
    '__Directive.args': avg(directives.map((d) => d.args.length)),
    '__Directive.locations': avg(directives.map((d) => d.locations.length)),
  };
}
