import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { HistoryEntry, requestLoader, type GraphqlContext } from '@sce/platform';
import { AccountsService } from '../accounts.service';

export const FORMER_MEMBER = 'former member';

/** Who acted, by name: people are looked up in the erasable store, so the forgotten show as "former member". */
@Resolver(() => HistoryEntry)
export class HistoryActorResolver {
  constructor(private readonly accounts: AccountsService) {}

  @ResolveField(() => String, { nullable: true, description: 'The acting person\'s name, "former member" once forgotten, null when anonymous' })
  async actorName(@Parent() entry: HistoryEntry, @Context() context: GraphqlContext): Promise<string | null> {
    if (!entry.actorId) return null;
    // A page of history asks for its actors' names with one query, not one per entry.
    const names = requestLoader(context, 'actor-names', async (accountIds: readonly string[]) => {
      const found = await this.accounts.namesOf([...accountIds]);
      return accountIds.map((id) => found.get(id) ?? null);
    });
    return (await names.load(entry.actorId)) ?? FORMER_MEMBER;
  }
}
