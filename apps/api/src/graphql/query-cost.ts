import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, getNamedType, getNullableType, isListType, visit, type DocumentNode, type GraphQLSchema } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';

// A list without a `first` argument is assumed to hold this many items.
const UNPAGED_LIST_SIZE = 10;
// `__schema` and `__type` answer with the whole schema: far more than one field's worth.
const INTROSPECTION_COST = 2_000;

/**
 * What a query may cost: every field costs 1, and a list multiplies what is inside it by its page size
 * (`first`, or 10), so nested connections multiply through. Aliases count as separate fields, so 40 aliases
 * of one big list cost 40 times as much.
 */
const estimateField: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  // A connection's edges are already counted by the connection's `first`.
  if (type.name.endsWith('Connection') && field.name === 'edges') return 1 + childComplexity;
  const first = typeof args.first === 'number' ? args.first : undefined;
  if (getNamedType(field.type).name.endsWith('Connection')) return 1 + (first ?? UNPAGED_LIST_SIZE) * childComplexity;
  if (isListType(getNullableType(field.type))) return 1 + (first ?? UNPAGED_LIST_SIZE) * childComplexity;
  return 1 + childComplexity;
};

export function queryCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName?: string): number {
  let introspection = 0;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') introspection++;
    },
  });
  return getComplexity({ schema, query: document, variables, operationName, estimators: [estimateField], maxQueryNodes: 100_000 }) + introspection * INTROSPECTION_COST;
}

// Whether a variable sets a page size somewhere (`first: $n`): only then does the cost depend on the variables.
function pageSizeFromVariables(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Argument(node) {
      if (node.name.value === 'first' && node.value.kind === 'Variable') found = true;
    },
  });
  return found;
}

/** Refuses an operation whose cost is above the limit before any resolver runs, with BAD_USER_INPUT and the figures. */
export function queryCostLimit(maximumCost: number): ApolloServerPlugin {
  // Apollo keeps one parsed document per query text: a cost that no variable changes is computed once.
  const known = new WeakMap<DocumentNode, Map<string, number>>();
  const costOf = (schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName: string | undefined): number => {
    let costs = known.get(document);
    if (!costs) known.set(document, (costs = new Map()));
    const key = operationName ?? '';
    const cached = costs.get(key);
    if (cached !== undefined) return cached;
    let cost: number;
    try {
      cost = queryCost(schema, document, variables, operationName);
    } catch (error) {
      // getComplexity gives up past maxQueryNodes: that is too costly as well.
      if (!(error instanceof GraphQLError)) throw error;
      cost = Number.POSITIVE_INFINITY;
    }
    if (!pageSizeFromVariables(document)) costs.set(key, cost);
    return cost;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          const cost = costOf(schema, document, request.variables ?? {}, request.operationName ?? undefined);
          if (cost > maximumCost) {
            throw new GraphQLError(`This query would cost ${Number.isFinite(cost) ? cost : 'too much'}; the limit is ${maximumCost}. Ask for fewer fields, smaller pages or fewer aliases.`, {
              extensions: { code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COSTLY', cost: Number.isFinite(cost) ? cost : null, maximumCost, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
