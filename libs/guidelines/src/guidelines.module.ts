import { Module } from '@nestjs/common';
import { GuidelinesResolver } from './graphql/guidelines.resolver';

@Module({ providers: [GuidelinesResolver] })
export class GuidelinesModule {}
