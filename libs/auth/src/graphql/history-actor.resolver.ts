import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { HistoryEntry, type GraphqlContext } from '@sce/platform';
import DataLoader from 'dataloader';
import { AccountsService } from '../accounts.service';

export const FORMER_MEMBER = 'former member';

/** Who acted, by name: people are looked up in the erasable store, so the forgotten show as "former member". */
@Resolver(() => HistoryEntry)
export class HistoryActorResolver {
  // One loader per request: a page of history asks for its actors' names with one query, not one per entry.
  private readonly loaders = new WeakMap<object, DataLoader<string, string | null>>();

  constructor(private readonly accounts: AccountsService) {}

  @ResolveField(() => String, { nullable: true, description: 'The acting person\'s name, "former member" once forgotten, null when anonymous' })
  async actorName(@Parent() entry: HistoryEntry, @Context() context: GraphqlContext): Promise<string | null> {
    if (!entry.actorId) return null;
    return (await this.namesFor(context.req).load(entry.actorId)) ?? FORMER_MEMBER;
  }

  private namesFor(request: object): DataLoader<string, string | null> {
    let loader = this.loaders.get(request);
    if (!loader) {
      loader = new DataLoader(async (accountIds) => {
        const names = await this.accounts.namesOf([...accountIds]);
        return accountIds.map((id) => names.get(id) ?? null);
      });
      this.loaders.set(request, loader);
    }
    return loader;
  }
}
