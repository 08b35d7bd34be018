import { Module } from '@nestjs/common';
import { OrganisationsResolver } from './graphql/organisations.resolver';

@Module({ providers: [OrganisationsResolver] })
export class OrganisationsModule {}
