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
// and whether a variable can change the cost: a page size (`first: $n`) or a directive (`@include(if: $x)`
// can add or drop whole aliased subtrees). Only the costs of documents without either are kept.
interface DocumentFacts {
  introspection: number;
  costDependsOnVariables: boolean;
  /** Costs by operation name, for documents whose cost no variable changes. */
  costs: Map<string, number>;
}

function factsOf(document: DocumentNode): DocumentFacts {
  const facts: DocumentFacts = { introspection: 0, costDependsOnVariables: false, costs: new Map() };
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') facts.introspection++;
    },
    Argument(node) {
      if (node.name.value === 'first' && node.value.kind === 'Variable') facts.costDependsOnVariables = true;
    },
    Directive(node) {
      if (node.arguments?.some((argument) => argument.value.kind === 'Variable')) facts.costDependsOnVariables = true;
    },
  });
  return facts;
}

const MAX_QUERY_NODES = 100_000;
const TOO_MANY_NODES = /maximum allowed number of nodes/;

/**
 * The operation's cost, or undefined when it cannot be priced because its variables do not fit their types
 * (or the operation name matches nothing): execution then refuses it before any resolver runs, with
 * graphql-js's own BAD_USER_INPUT naming the variable, so there is nothing to price and nothing to keep.
 */
function queryCost(schema: GraphQLSchema, document: DocumentNode, facts: DocumentFacts, variables: Record<string, unknown>, operationName?: string): number | undefined {
  try {
    return getComplexity({ schema, query: document, variables, operationName, estimators: [estimateField], maxQueryNodes: MAX_QUERY_NODES }) + facts.introspection * INTROSPECTION_COST;
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    // getComplexity gives up past maxQueryNodes: that is too costly as well, whatever the variables.
    return TOO_MANY_NODES.test(error.message) ? Number.POSITIVE_INFINITY : undefined;
  }
}

/** Refuses an operation whose cost is above the limit before any resolver runs, with BAD_USER_INPUT and the figures. */
export function queryCostLimit(maximumCost: number): ApolloServerPlugin {
  // Apollo keeps one parsed document per query text: its facts, and a cost no variable changes, are found once.
  const known = new WeakMap<DocumentNode, DocumentFacts>();
  const costOf = (schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName: string | undefined): number | undefined => {
    let facts = known.get(document);
    if (!facts) known.set(document, (facts = factsOf(document)));
    const key = operationName ?? '';
    const cached = facts.costs.get(key);
    if (cached !== undefined) return cached;
    const cost = queryCost(schema, document, facts, variables, operationName);
    // Kept only when no variable could change it, and never when one request's bad variables left it unknown:
    // one caller's bad input must not decide what the next caller of the same query text is told.
    if (cost !== undefined && !facts.costDependsOnVariables) facts.costs.set(key, cost);
    return cost;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          const cost = costOf(schema, document, request.variables ?? {}, request.operationName ?? undefined);
          if (cost !== undefined && cost > maximumCost) {
            throw new GraphQLError(`This query would cost ${Number.isFinite(cost) ? cost : 'too much'}; the limit is ${maximumCost}. Ask for fewer fields, smaller pages or fewer aliases.`, {
              extensions: { code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COSTLY', cost: Number.isFinite(cost) ? cost : null, maximumCost, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
