import { aSection } from '../testing/guideline-content.fixture';
import { applySectionChanges, isViolation, type Section, type SectionChange } from './guideline-content';
import { CONTEXT_WORDS, quoteAt, reattachAnchor, type ReattachedAnchor } from './comment-anchors';
import type { CommentAnchor } from './guideline.events';

const scope = aSection(
  'scope',
  'Scope',
  'This guideline covers buses, trams, metro lines and shared bicycles. It does not cover taxis or private parking. It applies to every operator that runs a public service under contract with the city.',
);
const licence = aSection(
  'licence',
  'Licence and duties',
  [
    'Cities publish mobility data under an open licence that allows commercial reuse.',
    'The licence must be named in the metadata of every dataset, together with the date of the last update.',
    'Where a dataset contains personal data, the city first aggregates it so that no traveller can be identified.',
    'Operators that receive public subsidies share their timetables and real-time positions with the city within thirty days of a change.',
    'The city checks each feed every night and reports errors to the operator in writing.',
    'A data steward answers for the quality of the feeds and meets the operators twice a year.',
  ].join(' '),
);
const formats = aSection(
  'formats',
  'Formats',
  'Timetables are published in GTFS and real-time positions in GTFS Realtime. Counts of trips are published as CSV files with one row per hour and stop. Older formats may be kept for two years after the switch, so that existing applications can adapt.',
);
const sections = [scope, licence, formats];

/** A comment made on the first text, quoting a passage of a section as a reader would select it. */
function anchorOn(section: Section, passage: string): CommentAnchor {
  const start = section.body.indexOf(passage);
  if (start < 0 || section.body.indexOf(passage, start + 1) >= 0) throw new Error(`"${passage}" must occur once in ${section.sectionId}`);
  return { sectionId: section.sectionId, revision: 1, quote: quoteAt(section.body, start, start + passage.length) };
}

// Edits as authors make them, through the same section changes the decider applies.
function edited(...changes: SectionChange[]): Section[] {
  const applied = applySectionChanges(sections, changes);
  if (isViolation(applied)) throw new Error(`${applied.field} ${applied.reason}`);
  return applied.sections;
}
const bodyOf = (section: Section) => section.body;
const rewrite = (section: Section, from: string, to: string): SectionChange => {
  if (!section.body.includes(from)) throw new Error(`"${from}" is not in ${section.sectionId}`);
  return { kind: 'EDIT', sectionId: section.sectionId, body: bodyOf(section).replace(from, to) };
};
const rewriteAll = (section: Section, ...pairs: Array<[string, string]>): SectionChange => ({
  kind: 'EDIT',
  sectionId: section.sectionId,
  body: pairs.reduce((body, [from, to]) => {
    if (!body.includes(from)) throw new Error(`"${from}" is not in ${section.sectionId}`);
    return body.replace(from, to);
  }, section.body),
});
const move = (section: Section, position: number): SectionChange => ({ kind: 'MOVE', sectionId: section.sectionId, position });
const sentence = (section: Section, start: string) => {
  const from = section.body.indexOf(start);
  const end = section.body.indexOf('.', from) + 1;
  return section.body.slice(from, end);
};

/**
 * [case, the anchor, the text after the edits, where the comment belongs: the passage as it reads now, in which
 * section, and a longer piece of text that holds it only at the right place; null when the passage is gone]
 */
type Expected = { text: string; sectionId: string; within?: string } | null;
const q = {
  openLicence: anchorOn(licence, 'an open licence that allows commercial reuse'),
  lastUpdate: anchorOn(licence, 'together with the date of the last update'),
  identified: anchorOn(licence, 'no traveller can be identified'),
  thirtyDays: anchorOn(licence, 'within thirty days of a change'),
  inWriting: anchorOn(licence, 'reports errors to the operator in writing'),
  twiceAYear: anchorOn(licence, 'twice a year'),
  perHour: anchorOn(formats, 'one row per hour and stop'),
  twoYears: anchorOn(formats, 'kept for two years after the switch'),
  modes: anchorOn(scope, 'buses, trams, metro lines and shared bicycles'),
  taxis: anchorOn(scope, 'taxis or private parking'),
};
const same = (anchor: CommentAnchor, within?: string): Expected => ({ text: anchor.quote!.text, sectionId: anchor.sectionId, within });
const now = (text: string, sectionId: string, within?: string): Expected => ({ text, sectionId, within });

const cases: Array<[string, CommentAnchor, Section[], Expected]> = [
  // Nothing changed, or words changed near the passage.
  ['no edit at all', q.openLicence, sections, same(q.openLicence)],
  ['words changed just before the passage', q.openLicence, edited(rewrite(licence, 'Cities publish mobility data under', 'Every city puts its mobility data under')), same(q.openLicence)],
  ['the sentence after the passage rewritten', q.openLicence, edited(rewrite(licence, 'The licence must be named in', 'Its name appears in')), same(q.openLicence)],
  ['a sentence inserted at the start of the section', q.lastUpdate, edited(rewrite(licence, 'Cities publish', 'Each dataset has an owner. Cities publish')), same(q.lastUpdate)],
  ['words changed in the same sentence', q.identified, edited(rewrite(licence, 'contains personal data', 'holds data about people')), same(q.identified)],
  ['the subject of the sentence shortened', q.thirtyDays, edited(rewrite(licence, 'Operators that receive public subsidies', 'Subsidised operators')), same(q.thirtyDays)],
  ['words changed before the passage in its sentence', q.inWriting, edited(rewrite(licence, 'checks each feed every night', 'checks every feed daily')), same(q.inWriting)],
  ['a word added at the start of the sentence', q.twiceAYear, edited(rewrite(licence, 'A data steward', 'An appointed data steward')), same(q.twiceAYear)],
  ['words changed in the sentence of a table spec', q.perHour, edited(rewrite(formats, 'Counts of trips', 'Trip counts')), same(q.perHour)],
  ['the first words of the sentence changed', q.twoYears, edited(rewrite(formats, 'Older formats', 'Legacy formats')), same(q.twoYears)],
  ['the verb before a list changed', q.modes, edited(rewrite(scope, 'This guideline covers', 'The guideline applies to')), same(q.modes)],
  ['the verb before the passage changed', q.taxis, edited(rewrite(scope, 'It does not cover', 'It excludes')), same(q.taxis)],
  // The passage moved with its section, or inside it.
  ['its section moved to the top', q.openLicence, edited(move(licence, 0)), same(q.openLicence)],
  ['its section moved to the end and another sentence edited', q.perHour, edited(move(formats, 0), rewrite(formats, 'Older formats', 'Earlier formats')), same(q.perHour)],
  ['its section moved and retitled', q.modes, edited(move(scope, 2), { kind: 'RETITLE', sectionId: 'scope', heading: 'What it covers' }), same(q.modes)],
  ['its section moved and a nearby word changed', q.identified, edited(move(licence, 2), rewrite(licence, 'the city first aggregates', 'the city aggregates')), same(q.identified)],
  ['its sentence moved to the start of the section', q.twiceAYear, edited(rewrite(licence, ` ${sentence(licence, 'A data steward')}`, ''), { kind: 'EDIT', sectionId: 'licence', body: `${sentence(licence, 'A data steward')} ${licence.body.replace(` ${sentence(licence, 'A data steward')}`, '')}` }), same(q.twiceAYear)],
  ['its sentence moved to the end of the section', q.thirtyDays, edited({ kind: 'EDIT', sectionId: 'licence', body: `${licence.body.replace(`${sentence(licence, 'Operators that')} `, '')} ${sentence(licence, 'Operators that')}` }), same(q.thirtyDays)],
  [
    'the same words added elsewhere in the section: its own context decides',
    q.twiceAYear,
    edited(rewrite(licence, 'Cities publish', 'The council reviews this policy twice a year. Cities publish')),
    same(q.twiceAYear, 'meets the operators twice a year'),
  ],
  [
    'its sentence pasted into another section',
    q.thirtyDays,
    edited(rewrite(licence, `${sentence(licence, 'Operators that')} `, ''), rewrite(formats, 'Older formats', `${sentence(licence, 'Operators that')} Older formats`)),
    now('within thirty days of a change', 'formats'),
  ],
  // The passage reworded slightly.
  ['one word of the passage replaced', q.openLicence, edited(rewrite(licence, 'that allows commercial', 'that permits commercial')), now('an open licence that permits commercial reuse', 'licence')],
  ['an article changed to a pronoun', q.lastUpdate, edited(rewrite(licence, 'date of the last update', 'date of its last update')), now('together with the date of its last update', 'licence')],
  ['a word inserted in the passage', q.identified, edited(rewrite(licence, 'no traveller can', 'no single traveller can')), now('no single traveller can be identified', 'licence')],
  ['a number written in digits', q.thirtyDays, edited(rewrite(licence, 'within thirty days', 'within 30 days')), now('within 30 days of a change', 'licence')],
  ['a word inserted near the start of the passage', q.inWriting, edited(rewrite(licence, 'reports errors to', 'reports any errors to')), now('reports any errors to the operator in writing', 'licence')],
  ['two words of the passage swapped', q.perHour, edited(rewrite(formats, 'one row per hour and stop', 'one row per stop and hour')), now('one row per stop and hour', 'formats')],
  ['a word inserted in the middle of the passage', q.twoYears, edited(rewrite(formats, 'two years after', 'two more years after')), now('kept for two more years after the switch', 'formats')],
  ['the last item of a list replaced', q.modes, edited(rewrite(scope, 'shared bicycles', 'shared e-scooters')), now('buses, trams, metro lines and shared e-scooters', 'scope')],
  ['the last word replaced by two', q.taxis, edited(rewrite(scope, 'private parking', 'private car parks')), now('taxis or private car parks', 'scope')],
  ['a short passage reworded where its context holds', q.twiceAYear, edited(rewrite(licence, 'twice a year', 'three times a year')), now('three times a year', 'licence')],
  ['a comma and a relative pronoun', q.openLicence, edited(rewrite(licence, 'licence that allows', 'licence, which allows')), now('an open licence, which allows commercial reuse', 'licence')],
  ['the passage made a sentence of its own', q.identified, edited(rewrite(licence, 'aggregates it so that no traveller can be identified', 'aggregates it. No traveller can be identified')), now('No traveller can be identified', 'licence')],
  [
    'the end of the passage and the words before it changed',
    q.inWriting,
    edited(rewrite(licence, 'The city checks each feed every night and reports errors to the operator in writing', 'Each night the city checks every feed and reports errors to the operator by letter')),
    now('reports errors to the operator by letter', 'licence'),
  ],
  ['reworded and its section moved', q.thirtyDays, edited(move(licence, 2), rewrite(licence, 'of a change', 'of any change')), now('within thirty days of any change', 'licence')],
  ['the passage re-wrapped on two lines', q.lastUpdate, edited(rewrite(licence, 'the date of the last', 'the date\nof the last')), now('together with the date\nof the last update', 'licence')],
  ['reworded, with the sentence after it rewritten too', q.perHour, edited(rewriteAll(formats, ['per hour and stop', 'per hour and per stop'], ['Older formats may', 'Old formats can'])), now('one row per hour and per stop', 'formats')],
  [
    'reworded, with a sentence inserted right after it',
    q.thirtyDays,
    edited(rewrite(licence, 'within thirty days of a change.', 'within 30 days of a change. Late feeds are reported to the council.')),
    now('within 30 days of a change', 'licence'),
  ],
  [
    'a word inserted after the first word of the passage',
    q.identified,
    edited(rewrite(licence, 'so that no traveller can be identified', 'so that no one traveller can be identified')),
    now('no one traveller can be identified', 'licence'),
  ],
  // The passage deleted.
  ['its sentence deleted', q.identified, edited(rewrite(licence, ` ${sentence(licence, 'Where a dataset')}`, '')), null],
  ['its sentence deleted, the rest untouched', q.inWriting, edited(rewrite(licence, ` ${sentence(licence, 'The city checks')}`, '')), null],
  ['a short passage deleted with its sentence', q.twiceAYear, edited(rewrite(licence, ` ${sentence(licence, 'A data steward')}`, '')), null],
  ['a list item sentence deleted', q.perHour, edited(rewrite(formats, ` ${sentence(formats, 'Counts of trips')}`, '')), null],
  ['its section removed', q.modes, edited({ kind: 'REMOVE', sectionId: 'scope' }), null],
  ['a short sentence deleted', q.taxis, edited(rewrite(scope, ` ${sentence(scope, 'It does not cover')}`, '')), null],
  ['the passage replaced by something else', q.twoYears, edited(rewrite(formats, 'may be kept for two years after the switch', 'are switched off on the day of the change')), null],
  ['its sentence rewritten from scratch', q.openLicence, edited(rewrite(licence, sentence(licence, 'Cities publish'), 'Cities publish mobility data without restrictions.')), null],
  ['deleted while its section moved', q.thirtyDays, edited(move(licence, 0), rewrite(licence, ` ${sentence(licence, 'Operators that')}`, '')), null],
  [
    'a short passage deleted while the same words remain in another sentence',
    q.twiceAYear,
    edited(rewriteAll(licence, [' A data steward answers for the quality of the feeds and meets the operators twice a year.', ''], ['Cities publish', 'The council meets twice a year. Cities publish'])),
    null,
  ],
];

const outcome = (anchor: CommentAnchor, after: Section[]) => reattachAnchor(anchor, after);

function isRight(result: ReattachedAnchor, after: Section[], expected: Expected): boolean {
  if (expected === null) return result.status === 'ORPHAN';
  if (result.status !== 'ATTACHED' || result.sectionId !== expected.sectionId || result.quote?.text !== expected.text) return false;
  const body = after.find((section) => section.sectionId === expected.sectionId)!.body;
  const within = expected.within ?? expected.text;
  return result.quote.offset === body.indexOf(within) + within.indexOf(expected.text);
}

describe('comment anchors through edits', () => {
  it('has at least 40 edits around anchored passages', () => expect(cases.length).toBeGreaterThanOrEqual(40));

  it('re-attaches at least 95% to the right text, and makes every other one an orphan with its last quoted text', () => {
    const results = cases.map(([name, anchor, after, expected]) => ({ name, anchor, expected, result: outcome(anchor, after), right: isRight(outcome(anchor, after), after, expected) }));
    const wrong = results.filter((entry) => !entry.right);
    expect(wrong.filter((entry) => entry.result.status !== 'ORPHAN').map((entry) => ({ name: entry.name, result: entry.result }))).toEqual([]);
    for (const entry of wrong) expect(entry.result).toEqual({ status: 'ORPHAN', sectionId: entry.anchor.sectionId, lastQuote: entry.anchor.quote!.text });
    expect((cases.length - wrong.length) / cases.length).toBeGreaterThanOrEqual(0.95);
  });

  it.each(cases)('%s', (_, anchor, after, expected) => {
    const result = outcome(anchor, after);
    if (expected === null) expect(result).toEqual({ status: 'ORPHAN', sectionId: anchor.sectionId, lastQuote: anchor.quote!.text });
    else expect(isRight(result, after, expected)).toBe(true);
  });
});

describe('quoteAt', () => {
  it(`keeps ${CONTEXT_WORDS} words of context on each side and the offset`, () => {
    const anchor = anchorOn(licence, 'no traveller can be identified');
    expect(anchor.quote).toEqual({
      text: 'no traveller can be identified',
      before: 'data, the city first aggregates it so that ',
      after: '. Operators that receive public subsidies share their timetables',
      offset: licence.body.indexOf('no traveller'),
    });
  });

  it('keeps less context at the edges of a section', () => expect(anchorOn(scope, 'This guideline covers').quote).toMatchObject({ before: '', offset: 0 }));
});

describe('reattachAnchor', () => {
  it('moves the quote, its context and offset to where the passage is now', () => {
    const after = edited(rewrite(licence, 'Cities publish', 'Each dataset has an owner. Cities publish'));
    const result = reattachAnchor(q.lastUpdate, after);
    const body = after[1].body;
    expect(result).toEqual({ status: 'ATTACHED', sectionId: 'licence', match: 'EXACT', quote: quoteAt(body, body.indexOf('together with'), body.indexOf('together with') + 'together with the date of the last update'.length) });
  });

  it('tells a reworded passage (FUZZY) from one found verbatim', () => {
    expect(reattachAnchor(q.openLicence, sections)).toMatchObject({ status: 'ATTACHED', match: 'SAME_TEXT' });
    expect(reattachAnchor(q.openLicence, edited(rewrite(licence, 'allows', 'permits')))).toMatchObject({ status: 'ATTACHED', match: 'FUZZY' });
  });

  it('keeps a comment on a whole section on that section, and makes it an orphan when the section is removed', () => {
    const whole: CommentAnchor = { sectionId: 'scope', revision: 1, quote: null };
    expect(reattachAnchor(whole, edited(move(scope, 2)))).toEqual({ status: 'ATTACHED', sectionId: 'scope', quote: null, match: 'SAME_TEXT' });
    expect(reattachAnchor(whole, edited({ kind: 'REMOVE', sectionId: 'scope' }))).toEqual({ status: 'ORPHAN', sectionId: 'scope', lastQuote: '' });
  });

  it('follows a passage through a chain of edits, one re-attachment at a time', () => {
    let anchor = q.openLicence;
    let text = sections;
    const steps: SectionChange[][] = [
      [{ kind: 'EDIT', sectionId: 'licence', body: licence.body.replace('allows', 'permits') }],
      [move(licence, 2)],
      [{ kind: 'EDIT', sectionId: 'licence', body: licence.body.replace('allows', 'permits').replace('Cities publish', 'Every city publishes') }],
    ];
    for (const changes of steps) {
      const applied = applySectionChanges(text, changes);
      if (isViolation(applied)) throw new Error(applied.reason);
      text = applied.sections;
      const result = reattachAnchor(anchor, text);
      if (result.status !== 'ATTACHED') throw new Error('lost the passage');
      anchor = { ...anchor, quote: result.quote };
    }
    expect(anchor.quote!.text).toBe('an open licence that permits commercial reuse');
  });
});
