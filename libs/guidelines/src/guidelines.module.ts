import { Module } from '@nestjs/common';
import { GuidelineSearchResolver } from './graphql/guideline-search.resolver';
import { GuidelineSubscriptionsResolver } from './graphql/guideline-subscriptions.resolver';
import { GuidelineDiffResolver, GuidelinesResolver } from './graphql/guidelines.resolver';
import { GuidelineLiveFeed } from './live/guideline-live-feed';

@Module({ providers: [GuidelinesResolver, GuidelineDiffResolver, GuidelineLiveFeed, GuidelineSubscriptionsResolver, GuidelineSearchResolver] })
export class GuidelinesModule {}
