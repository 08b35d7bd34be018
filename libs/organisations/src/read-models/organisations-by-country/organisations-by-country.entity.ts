import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How many organisations each country has: a facet for directory screens. */
@Entity('organisation_country_counts')
export class OrganisationCountryCount {
  @PrimaryColumn({ type: 'varchar', length: 2 })
  country: string;

  @Column({ type: 'integer' })
  organisations: number;
}

/** Each organisation's current country, so a move can be counted out of the old one. */
@Entity('organisation_country_members')
export class OrganisationCountryMember {
  @PrimaryColumn({ name: 'organisation_id', type: 'varchar', length: 36 })
  organisationId: string;

  @Column({ type: 'varchar', length: 2 })
  country: string;
}
