import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import type { Type } from '@nestjs/common';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { invalidCursor } from './platform.errors';

export const MAX_PAGE_SIZE = 100;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 20, description: `Page size, at most ${MAX_PAGE_SIZE}` })
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first: number = 20;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string | null;
}

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field()
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true })
  startCursor: string | null;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

export interface ConnectionShape<Node> {
  edges: { cursor: string; node: Node }[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** A Relay connection type for Node: `OrganisationConnection { edges, pageInfo, totalCount }`. */
export function Connection<Node>(nodeType: Type<Node>, name = nodeType.name): Type<ConnectionShape<Node>> {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field()
    cursor: string;

    @Field(() => nodeType)
    node: Node;
  }

  @ObjectType(`${name}Connection`, { isAbstract: false })
  class ConnectionType {
    @Field(() => [Edge])
    edges: Edge[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int)
    totalCount: number;
  }
  return ConnectionType as Type<ConnectionShape<Node>>;
}

/** Cursors are opaque to clients: a prefix names the list, so a cursor from another list is refused. */
export function encodeCursor(list: string, key: string | number): string {
  return Buffer.from(`${list}:${key}`, 'utf8').toString('base64url');
}

export function decodeCursor(list: string, cursor: string): string {
  // Only the base64url alphabet: anything else was not made by encodeCursor.
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalidCursor(cursor);
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith(`${list}:`) || decoded.length === list.length + 1) throw invalidCursor(cursor);
  return decoded.slice(list.length + 1);
}

/**
 * Lists paged by position (search results, ranked by the engine, have no stable key): the cursor holds the
 * position of the last row shown, and no page reaches past maxDepth (engines slow down with deep offsets).
 */
export function offsetWindow(list: string, after: string | null | undefined, first: number, maxDepth: number): { offset: number; limit: number } {
  const offset = after == null ? 0 : Number(decodeCursor(list, after));
  if (after != null && (!Number.isSafeInteger(offset) || offset < 1 || offset > maxDepth)) throw invalidCursor(after);
  return { offset, limit: Math.max(0, Math.min(first, maxDepth - offset)) };
}

/** The pageInfo of a page offsetWindow opened: `found` rows came back at `offset`, of `totalCount`. */
export function offsetPageInfo(list: string, window: { offset: number }, found: number, totalCount: number, maxDepth: number, edges: { cursor: string }[]): PageInfo {
  return {
    hasNextPage: window.offset + found < Math.min(totalCount, maxDepth),
    hasPreviousPage: window.offset > 0,
    startCursor: edges[0]?.cursor ?? null,
    endCursor: found ? encodeCursor(list, window.offset + found) : null,
  };
}

/** One page of rows; totalCount may be a function, then it runs only if the client selects the field. */
export interface Page<Row> {
  rows: Row[];
  hasNextPage: boolean;
  totalCount: number | (() => Promise<number>);
}

export function toConnection<Row, Node>(
  list: string,
  page: Page<Row>,
  keyOf: (row: Row) => string | number,
  toNode: (row: Row) => Node,
  hasPreviousPage: boolean,
): ConnectionShape<Node> {
  const edges = page.rows.map((row) => ({ cursor: encodeCursor(list, keyOf(row)), node: toNode(row) }));
  const connection = {
    edges,
    totalCount: 0,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
  // A getter: GraphQL reads the property only when totalCount is selected, so the count query runs only then.
  const { totalCount } = page;
  Object.defineProperty(connection, 'totalCount', { enumerable: true, get: typeof totalCount === 'function' ? totalCount : () => totalCount });
  return connection as ConnectionShape<Node>;
}

@ArgsType()
export class IdempotencyArgs {
  @Field(() => String, {
    nullable: true,
    description:
      "Any unique string per change: resending the same mutation with the same key and input returns the first outcome and changes nothing; the key with another input is refused (CONFLICT, reason IDEMPOTENCY_KEY_REUSED). An anonymous caller's key applies to that exact request only",
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  idempotencyKey?: string;
}

/** One page of a list as a connection: decodes the cursor, fetches first + 1 rows after it, encodes the edges. */
export async function paginate<Row, Node>(
  list: string,
  args: { first: number; after?: string | null },
  fetch: (first: number, afterKey?: string) => Promise<Page<Row>>,
  keyOf: (row: Row) => string,
  toNode: (row: Row) => Node,
): Promise<ConnectionShape<Node>> {
  // Relay and Apollo clients send `after: null` for the first page.
  const after = args.after == null ? undefined : decodeCursor(list, args.after);
  const page = await fetch(args.first, after);
  return toConnection(list, page, keyOf, toNode, after !== undefined);
}
