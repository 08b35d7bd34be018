import { Inject, Injectable } from '@nestjs/common';
import { ArgsType, Field, InputType } from '@nestjs/graphql';
import type { ProjectionRunner } from '@sce/projections';
import { Type } from 'class-transformer';
import { IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { invalidPositionToken, notCaughtUp } from './platform.errors';
import { APP_CONFIG, PROJECTION_RUNNER } from './tokens';

// Position tokens are opaque to clients: a prefix says what they are, so a cursor or an id is refused.
const PREFIX = 'position:';
const TOKEN = /^position:(0|[1-9]\d{0,15})$/;

/** The token a mutation answers with (`position`): where in the log its outcome is. */
export function encodePosition(position: number): string {
  return Buffer.from(`${PREFIX}${position}`, 'utf8').toString('base64url');
}

/** The position a token names; invalidPositionToken for anything this API did not give out. */
export function decodePosition(token: string): number {
  const match = TOKEN.exec(Buffer.from(token, 'base64url').toString('utf8'));
  const position = match ? Number(match[1]) : NaN;
  if (!Number.isSafeInteger(position) || encodePosition(position) !== token) throw invalidPositionToken(token);
  return position;
}

@InputType({ description: 'How fresh the answer must be' })
export class ConsistencyInput {
  @Field(() => String, {
    nullable: true,
    description: 'A `position` a mutation answered with: the read models must include it (waits up to READ_YOUR_WRITES_TIMEOUT_MS, then UNAVAILABLE / NOT_CAUGHT_UP)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  atLeast?: string | null;
}

@ArgsType()
export class ConsistencyArgs {
  @Field(() => ConsistencyInput, { nullable: true, description: 'Read your writes, on whichever instance answers' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ConsistencyInput)
  consistency?: ConsistencyInput | null;
}

/**
 * Read-your-writes for queries: waits until the read models include a position a client brings back,
 * bounded by READ_YOUR_WRITES_TIMEOUT_MS. On an instance that does not run the projections (a standby), the
 * runner watches the checkpoints the leader stores, so a token from one instance works on any other.
 */
@Injectable()
export class ReadConsistency {
  constructor(
    @Inject(PROJECTION_RUNNER) private readonly projections: ProjectionRunner,
    @Inject(APP_CONFIG) private readonly config: { readYourWritesTimeoutMs: number },
  ) {}

  /** Resolves once the named read models (default: every SQL projection) include the position; notCaughtUp past the timeout. */
  async require(consistency: ConsistencyInput | null | undefined, readModels?: readonly string[]): Promise<void> {
    if (!consistency?.atLeast) return;
    const position = decodePosition(consistency.atLeast);
    if (position === 0) return;
    const timeoutMs = this.config.readYourWritesTimeoutMs;
    if (!(await this.projections.waitFor(position, timeoutMs, readModels))) throw notCaughtUp(consistency.atLeast, timeoutMs);
  }
}
