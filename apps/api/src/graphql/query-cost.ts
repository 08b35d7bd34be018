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

// What the cost needs from a parsed document, found in one pass: how many introspection fields it has,
// and whether a variable sets a page size (`first: $n`: only then does its cost depend on the variables).
interface DocumentFacts {
  introspection: number;
  pageSizeFromVariables: boolean;
  /** Costs by operation name, for documents whose cost no variable changes. */
  costs: Map<string, number>;
}

function factsOf(document: DocumentNode): DocumentFacts {
  const facts: DocumentFacts = { introspection: 0, pageSizeFromVariables: false, costs: new Map() };
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') facts.introspection++;
    },
    Argument(node) {
      if (node.name.value === 'first' && node.value.kind === 'Variable') facts.pageSizeFromVariables = true;
    },
  });
  return facts;
}

function queryCost(schema: GraphQLSchema, document: DocumentNode, facts: DocumentFacts, variables: Record<string, unknown>, operationName?: string): number {
  try {
    return getComplexity({ schema, query: document, variables, operationName, estimators: [estimateField], maxQueryNodes: 100_000 }) + facts.introspection * INTROSPECTION_COST;
  } catch (error) {
    // getComplexity gives up past maxQueryNodes: that is too costly as well.
    if (!(error instanceof GraphQLError)) throw error;
    return Number.POSITIVE_INFINITY;
  }
}

/** Refuses an operation whose cost is above the limit before any resolver runs, with BAD_USER_INPUT and the figures. */
export function queryCostLimit(maximumCost: number): ApolloServerPlugin {
  // Apollo keeps one parsed document per query text: its facts, and a cost no variable changes, are found once.
  const known = new WeakMap<DocumentNode, DocumentFacts>();
  const costOf = (schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName: string | undefined): number => {
    let facts = known.get(document);
    if (!facts) known.set(document, (facts = factsOf(document)));
    const key = operationName ?? '';
    const cached = facts.costs.get(key);
    if (cached !== undefined) return cached;
    const cost = queryCost(schema, document, facts, variables, operationName);
    if (!facts.pageSizeFromVariables) facts.costs.set(key, cost);
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
