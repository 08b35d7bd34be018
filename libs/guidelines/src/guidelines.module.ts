import { Module } from '@nestjs/common';
import { GuidelineSubscriptionsResolver } from './graphql/guideline-subscriptions.resolver';
import { GuidelineDiffResolver, GuidelinesResolver } from './graphql/guidelines.resolver';
import { GuidelineLiveFeed } from './live/guideline-live-feed';

@Module({ providers: [GuidelinesResolver, GuidelineDiffResolver, GuidelineLiveFeed, GuidelineSubscriptionsResolver] })
export class GuidelinesModule {}
