import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { HistoryEntry } from '@sce/platform';
import { AccountsService } from '../accounts.service';

export const FORMER_MEMBER = 'former member';

/** Who acted, by name: people are looked up in the erasable store, so the forgotten show as "former member". */
@Resolver(() => HistoryEntry)
export class HistoryActorResolver {
  constructor(private readonly accounts: AccountsService) {}

  @ResolveField(() => String, { nullable: true, description: 'The acting person\'s name, "former member" once forgotten, null when anonymous' })
  async actorName(@Parent() entry: HistoryEntry): Promise<string | null> {
    if (!entry.actorId) return null;
    return (await this.accounts.findPerson(entry.actorId))?.name ?? FORMER_MEMBER;
  }
}
