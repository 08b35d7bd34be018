import type { CaseStudyContent } from '../domain/case-study-content';

/** A complete, valid case study content for specs: override what a spec is about. */
export const aContent = (overrides: Partial<CaseStudyContent> = {}): CaseStudyContent => ({
  title: 'Retrofitting Soviet-era apartment blocks',
  summary: 'Deep energy renovation of 40 blocks with owners associations',
  body: '# Retrofit\nInsulation, new windows and heat meters.',
  city: 'Tbilisi',
  country: 'GE',
  coordinates: { latitude: 41.7151, longitude: 44.8271 },
  sectors: ['HOUSING', 'ENERGY'],
  sdgTargets: ['11.1', '7.3'],
  period: { fromYear: 2019, toYear: 2023 },
  organisationIds: ['partner-org'],
  narrative: { situationBefore: 'Cold flats', objectives: 'Halve heat demand', process: 'Owners voted', resources: 'Loans', results: '45% less heat', sustainability: 'Revolving fund' },
  buildingBlocks: [{ title: 'Revolving fund', description: null, enablingFactors: ['Owners associations'], barriers: ['Split incentives'], lessons: ['Start small'], facets: [{ facet: 'instrument', value: 'revolving-fund' }] }],
  outcomes: [{ description: 'Heat demand down', indicator: { kpiCode: 'EN: E: E: 1C', name: null, unit: 'kWh/m2', baseline: 210, achieved: 115, year: 2023 } }],
  cost: { amount: 1250000000, currency: 'EUR' },
  fundingSources: ['EBRD loan'],
  lessonsLearned: ['Owners need a single contact'],
  transferability: { citySize: 'METROPOLITAN', incomeLevel: 'UPPER_MIDDLE', preconditions: ['Owners associations exist'] },
  language: 'en',
  ...overrides,
});
