import { IsInt, IsString, Length, validateSync } from 'class-validator';
import { cacheValidationMetadataLookups } from './validation-metadata-cache';

class Place {
  @IsString()
  city!: string;
}

class NamedPlace extends Place {
  @Length(2, 10)
  name!: string;
}

const violations = (value: object) => validateSync(value).map((error) => error.property).sort();

describe('Kept class-validator rule lookups', () => {
  beforeAll(() => cacheValidationMetadataLookups());

  it('finds a class\'s own and inherited rules, the same on every call', () => {
    const invalid = Object.assign(new NamedPlace(), { city: 7, name: 'x' });
    expect(violations(invalid)).toEqual(['city', 'name']);
    expect(violations(invalid)).toEqual(['city', 'name']);
    expect(violations(Object.assign(new NamedPlace(), { city: 'Almaty', name: 'Centre' }))).toEqual([]);
    expect(violations(Object.assign(new Place(), { city: 7 }))).toEqual(['city']);
  });

  it('sees a rule registered after a lookup was kept (a class loaded late), on the class and its subclasses', () => {
    expect(violations(Object.assign(new NamedPlace(), { city: 'Almaty', name: 'Centre', population: 'many' }))).toEqual([]);
    IsInt()(Place.prototype, 'population');
    expect(violations(Object.assign(new NamedPlace(), { city: 'Almaty', name: 'Centre', population: 'many' }))).toEqual(['population']);
    expect(violations(Object.assign(new Place(), { city: 'Almaty', population: 'many' }))).toEqual(['population']);
  });

  it('installs once however often it is asked', () => {
    cacheValidationMetadataLookups();
    expect(violations(Object.assign(new Place(), { city: 'Almaty', population: 3 }))).toEqual([]);
  });
});
