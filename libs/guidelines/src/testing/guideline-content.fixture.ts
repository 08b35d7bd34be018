import type { GuidelineContent, Section } from '../domain/guideline-content';

export const aSection = (sectionId: string, heading: string, body: string): Section => ({ sectionId, heading, body });

/** A complete, valid guideline content for specs: override what a spec is about. */
export const aGuidelineContent = (overrides: Partial<GuidelineContent> = {}): GuidelineContent => ({
  title: 'Open data for urban mobility',
  summary: 'How a city publishes mobility data that others can reuse',
  sectors: ['TRANSPORT'],
  language: 'en',
  sections: [
    aSection('scope', 'Scope', 'This guideline covers timetables, real-time positions and counts of trips.'),
    aSection('licence', 'Licence', 'Publish the data under an open licence that allows commercial reuse.'),
    aSection('formats', 'Formats', 'Use GTFS for timetables and GTFS Realtime for positions.'),
  ],
  ...overrides,
});
