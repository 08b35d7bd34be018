import { aSection } from '../testing/guideline-content.fixture';
import type { Section } from './guideline-content';
import { compareSections, diffSections, diffSectionsInSteps, normaliseHeading, sentencesOf, unifiedInSteps, wordChanges } from './guideline-diff';

// Six sections of a mobility-data guideline, each with its own id, heading and a two-sentence body.
const base: Section[] = [
  aSection('A', 'Scope', 'This guideline covers timetables and real-time positions. It applies to every operator.'),
  aSection('B', 'Licence', 'Publish the data under an open licence. Commercial reuse is allowed.'),
  aSection('C', 'Formats', 'Use GTFS for timetables. Use GTFS Realtime for positions.'),
  aSection('D', 'Privacy', 'Aggregate trips before publishing them. Never publish card numbers.'),
  aSection('E', 'Quality', 'Check the feed every night. Report errors to the operator.'),
  aSection('F', 'Governance', 'A data steward answers for the feed. The council reviews it yearly.'),
];
const byId = (id: string) => base.find((section) => section.sectionId === id)!;
const order = (ids: string) => ids.split('').map(byId);
const edited = (section: Section, body = `${section.body} Amended in the second reading.`): Section => ({ ...section, body });
const retitled = (section: Section, heading = `${section.heading} and more`): Section => ({ ...section, heading });
const replace = (sections: Section[], id: string, by: Section) => sections.map((section) => (section.sectionId === id ? by : section));

// [case, newer text, expected (sectionId, label) in reading order]
const cases: Array<[string, Section[], Array<[string, string]>]> = [
  ['an identical text', order('ABCDEF'), []],
  ['one section edited in place', replace(order('ABCDEF'), 'B', edited(byId('B'))), [['B', 'edited']]],
  ['one section retitled in place', replace(order('ABCDEF'), 'C', retitled(byId('C'))), [['C', 'retitled']]],
  ['one section retitled and edited in place', replace(order('ABCDEF'), 'C', retitled(edited(byId('C')))), [['C', 'retitled, edited']]],
  ['the first section moved to the end', order('BCDEFA'), [['A', 'moved']]],
  ['the last section moved to the start', order('FABCDE'), [['F', 'moved']]],
  ['a section moved to the end and edited', replace(order('ACDEFB'), 'B', edited(byId('B'))), [['B', 'moved (+ edited)']]],
  ['a section moved to the start and edited', replace(order('DABCEF'), 'D', edited(byId('D'))), [['D', 'moved (+ edited)']]],
  ['a section moved down two places, retitled and edited', replace(order('ABDECF'), 'C', retitled(edited(byId('C')))), [['C', 'moved (+ retitled, edited)']]],
  ['a section moved and retitled only', replace(order('ABCEFD'), 'D', retitled(byId('D'))), [['D', 'moved (+ retitled)']]],
  ['a section moved and its whole body rewritten', replace(order('ABCDFE'), 'E', edited(byId('E'), 'Quality is measured by the national agency.')), [['E', 'moved (+ edited)']]],
  [
    'two sections swapped ends, both edited',
    [edited(byId('F')), ...order('BCDE'), edited(byId('A'))],
    [
      ['F', 'moved (+ edited)'],
      ['A', 'moved (+ edited)'],
    ],
  ],
  [
    'a section moved and edited while another is edited in place',
    replace(replace(order('ACDEFB'), 'B', edited(byId('B'))), 'E', edited(byId('E'))),
    [
      ['E', 'edited'],
      ['B', 'moved (+ edited)'],
    ],
  ],
  ['a section added in the middle', [...order('AB'), aSection('G', 'Funding', 'The feed is funded from fares.'), ...order('CDEF')], [['G', 'added']]],
  ['a section added at the start', [aSection('G', 'Funding', 'The feed is funded from fares.'), ...order('ABCDEF')], [['G', 'added']]],
  ['a section removed (the ones after it are not "moved")', order('ACDEF'), [['B', 'removed']]],
  [
    'a section removed and a new one with its text added (ids decide, not bodies)',
    [...order('AB'), aSection('G', 'Formats', byId('C').body), ...order('DEF')],
    [
      ['C', 'removed'],
      ['G', 'added'],
    ],
  ],
  [
    'a section added just before a section moved and edited there',
    [...order('A'), aSection('G', 'Funding', 'Fares fund it.'), edited(byId('E')), ...order('BCDF')],
    [
      ['G', 'added'],
      ['E', 'moved (+ edited)'],
    ],
  ],
  [
    'the first section removed and the last moved to the start',
    order('FBCDE'),
    [
      ['A', 'removed'],
      ['F', 'moved'],
    ],
  ],
  [
    'a section moved and edited while another is removed and a third added',
    [...order('A'), edited(byId('D')), ...order('BC'), aSection('G', 'Funding', 'Fares fund it.'), ...order('F')],
    [
      ['D', 'moved (+ edited)'],
      ['E', 'removed'],
      ['G', 'added'],
    ],
  ],
  ['a section moved and edited with only a word changed', replace(order('BACDEF'), 'A', edited(byId('A'), byId('A').body.replace('every', 'each'))), [['A', 'moved (+ edited)']]],
  ['a section moved, edited and retitled to the heading another section had', replace(order('ACDEFB'), 'B', retitled(edited(byId('B')), 'Formats')), [['B', 'moved (+ retitled, edited)']]],
  ['a section emptied in place', replace(order('ABCDEF'), 'F', edited(byId('F'), '')), [['F', 'edited']]],
];

describe('diffSections', () => {
  it('has at least 20 cases', () => expect(cases.length).toBeGreaterThanOrEqual(20));

  it.each(cases)('%s', (_, newer, expected) => {
    const { sections } = diffSections(base, newer);
    expect(sections.map((diff) => [diff.sectionId, diff.label])).toEqual(expected);
    // A section both texts hold is never shown as removed plus added.
    const shared = newer.filter((section) => base.some((old) => old.sectionId === section.sectionId)).map((section) => section.sectionId);
    for (const diff of sections.filter((entry) => shared.includes(entry.sectionId))) expect(diff.kind).toBe('CHANGED');
  });

  it('moves one of two swapped neighbours, and only that one', () => {
    const { sections } = diffSections(base, order('BACDEF'));
    expect(sections).toHaveLength(1);
    expect(['A', 'B']).toContain(sections[0].sectionId);
    expect(sections[0]).toMatchObject({ kind: 'CHANGED', moved: true, edited: false, words: null });
  });

  it('gives positions before and after, and the words that changed inside a moved section', () => {
    const body = 'Publish the data under the CC BY 4.0 licence. Commercial reuse is allowed.';
    const [diff] = diffSections(base, replace(order('ACDEFB'), 'B', edited(byId('B'), body))).sections;
    expect(diff).toMatchObject({ sectionId: 'B', fromPosition: 1, toPosition: 5, headingBefore: 'Licence', headingAfter: 'Licence', moved: true, edited: true });
    const text = (kinds: string[]) => diff.words!.filter((part) => kinds.includes(part.kind)).map((part) => part.text).join('');
    expect(text(['UNCHANGED', 'REMOVED'])).toBe(byId('B').body);
    expect(text(['UNCHANGED', 'ADDED'])).toBe(body);
    expect(diff.words!.filter((part) => part.kind === 'REMOVED').map((part) => part.text.trim())).toEqual(['an open']);
  });

  it('gives the whole body of an added or removed section', () => {
    const { sections } = diffSections(order('AB'), [byId('A'), aSection('G', 'Funding', 'Fares fund it.')]);
    expect(sections).toEqual([
      expect.objectContaining({ sectionId: 'B', kind: 'REMOVED', fromPosition: 1, toPosition: null, words: [{ kind: 'REMOVED', text: byId('B').body }] }),
      expect.objectContaining({ sectionId: 'G', kind: 'ADDED', fromPosition: null, toPosition: 1, words: [{ kind: 'ADDED', text: 'Fares fund it.' }] }),
    ]);
  });

  it('writes a unified text: a header per section, then line hunks of its body', () => {
    const newer = [...order('A'), retitled(edited(byId('D'), 'Aggregate trips by hour before publishing them. Never publish card numbers.'), 'Personal data'), ...order('BCF')];
    const { unified } = diffSections(base, newer, { from: '1.0', to: '1.1' });
    expect(unified).toBe(
      [
        '--- 1.0',
        '+++ 1.1',
        '@@ D "Privacy" -> "Personal data": moved (+ retitled, edited) 4 -> 2 @@',
        '@ -1,1 +1,1 @',
        `-${byId('D').body}`,
        '+Aggregate trips by hour before publishing them. Never publish card numbers.',
        '@@ E "Quality": removed from 5 @@',
        '@ -1,1 +0,0 @',
        `-${byId('E').body}`,
        '',
      ].join('\n'),
    );
  });
});

describe('diffSectionsInSteps', () => {
  it('pauses after each section it compares word by word, and ends with what diffSections gives', () => {
    const before = [aSection('A', 'Scope', 'Timetables. Positions.'), aSection('B', 'Licence', 'Open licence.'), aSection('C', 'Formats', 'GTFS.')];
    const after = [aSection('C', 'Formats', 'GTFS and NeTEx.'), aSection('A', 'Scope', 'Timetables and fares. Positions.'), aSection('B', 'Licence', 'Open licence.')];
    const steps = diffSectionsInSteps(before, after, { from: '1.0', to: '1.1' });
    let pauses = 0;
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) {
        expect(step.value).toEqual(diffSections(before, after, { from: '1.0', to: '1.1' }));
        break;
      }
      pauses++;
    }
    // Two sections edited (A, C), then one pause per section of the unified text (A, C and the moved B).
    expect(pauses).toBeGreaterThanOrEqual(2);
  });
});

describe('sentencesOf', () => {
  it.each([
    ['', ['']],
    ['One sentence.', ['One sentence.']],
    ['Ends here. Next one! A question? Last', ['Ends here. ', 'Next one! ', 'A question? ', 'Last']],
    ['Two spaces.  Kept with the first.', ['Two spaces.  ', 'Kept with the first.']],
    ['A line\nanother line\n\n- a list item', ['A line\n', 'another line\n\n', '- a list item']],
    ['\nLeading break', ['\n', 'Leading break']],
    ['v1.2 is a version, e.g.not split. Trailing space. ', ['v1.2 is a version, e.g.not split. ', 'Trailing space. ']],
  ])('splits %j after . ! ? and a space, or at a line break, keeping every character', (text, sentences) => {
    expect(sentencesOf(text)).toEqual(sentences);
    expect(sentencesOf(text).join('')).toBe(text);
  });
});

describe('unifiedInSteps', () => {
  const run = <T>(steps: Generator<void, T>) => {
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  };

  it('writes the same text, a page or the whole, when the lines of sections written before are reused', () => {
    const before = order('ABCDEF');
    const after = replace(replace(order('ACDEFB'), 'B', edited(byId('B'))), 'E', edited(byId('E')));
    const { sections, unified } = diffSections(before, after, { from: '1.0', to: '1.1' });
    const labels = { from: '1.0', to: '1.1' };
    const written = new Map<string, readonly string[]>();
    const firstPage = run(unifiedInSteps(sections.slice(0, 1), before, after, labels, written));
    expect(firstPage).toBe(run(unifiedInSteps(sections.slice(0, 1), before, after, labels)));
    expect(written.size).toBe(1);
    expect(run(unifiedInSteps(sections, before, after, labels, written))).toBe(unified);
    expect(run(unifiedInSteps(sections, before, after, labels, written))).toBe(unified);
  });
});

describe('wordChanges', () => {
  const joined = (parts: ReturnType<typeof wordChanges>, without: string) => parts.filter((part) => part.kind !== without).map((part) => part.text).join('');
  // The parts hold both texts whole; what changed, trimmed, in order.
  const changesBetween = (before: string, after: string) => {
    const parts = wordChanges(before, after);
    expect(joined(parts, 'ADDED')).toBe(before);
    expect(joined(parts, 'REMOVED')).toBe(after);
    return parts.filter((part) => part.kind !== 'UNCHANGED').map((part) => [part.kind, part.text.trim()]);
  };

  it('compares sentence by sentence, then word by word inside the sentences that changed', () => {
    const before = 'Buses run every ten minutes. Trams run every five minutes.\nNight buses run hourly. Fares are set yearly.';
    const after = 'Buses run every ten minutes. Trams run every six minutes.\nNight buses run hourly. Fares are set by the council each year.';
    expect(changesBetween(before, after)).toEqual([
      ['REMOVED', 'five'],
      ['ADDED', 'six'],
      ['REMOVED', 'yearly'],
      ['ADDED', 'by the council each year'],
    ]);
  });

  it('shows a sentence rewritten (less than half its words kept) as replaced, and one edited word by word', () => {
    // The second pair shares 3 of 7 words ("run", "the", "depot."): pairing them word by word would be noise.
    const before = 'Trams run every five minutes. Night buses run hourly from the depot.';
    const after = 'Trams run every six minutes. Cycling lanes run along the river to the depot.';
    expect(changesBetween(before, after)).toEqual([
      ['REMOVED', 'five'],
      ['ADDED', 'six'],
      ['REMOVED', 'Night buses run hourly from the depot.'],
      ['ADDED', 'Cycling lanes run along the river to the depot.'],
    ]);
  });

  it('shows a run of rewritten sentences as one replaced passage', () => {
    const before = 'Buses run hourly. Trams are slow at night. Fares rise each year. Parking is free.';
    const after = 'Cycling lanes link schools. Solar panels cover depots. Fares rise each year. Parking is free.';
    expect(wordChanges(before, after)).toEqual([
      { kind: 'REMOVED', text: 'Buses run hourly. Trams are slow at night. ' },
      { kind: 'ADDED', text: 'Cycling lanes link schools. Solar panels cover depots. ' },
      { kind: 'UNCHANGED', text: 'Fares rise each year. Parking is free.' },
    ]);
  });

  it('keeps the sentences both texts have in place around rewritten ones of unlike number, a long passage replaced whole', () => {
    const sentence = (index: number, prefix: string) => `${prefix} ${Array.from({ length: 12 }, (_, word) => `w${(index * 7 + word) % 30}`).join(' ')}.`;
    const rewritten = Array.from({ length: 12 }, (_, index) => sentence(index, 'Old'));
    const rewrite = Array.from({ length: 11 }, (_, index) => sentence(index + 3, 'New'));
    const before = ['Keep this first.', ...rewritten, 'Keep this last.'].join(' ');
    const after = ['Keep this first.', ...rewrite, 'Keep this last.'].join(' ');
    expect(wordChanges(before, after)).toEqual([
      { kind: 'UNCHANGED', text: 'Keep this first. ' },
      { kind: 'REMOVED', text: `${rewritten.join(' ')} ` },
      { kind: 'ADDED', text: `${rewrite.join(' ')} ` },
      { kind: 'UNCHANGED', text: 'Keep this last.' },
    ]);
  });

  it('shows passages too far apart to pair word by word as replaced whole', () => {
    const before = Array.from({ length: 500 }, (_, index) => `old${index}`).join(' ');
    const after = Array.from({ length: 500 }, (_, index) => `new${index}`).join(' ');
    expect(wordChanges(before, after)).toEqual([
      { kind: 'REMOVED', text: before },
      { kind: 'ADDED', text: after },
    ]);
  });
});

describe('compareSections', () => {
  it('normalises headings: case, accents, punctuation and leading numbers do not count', () => {
    expect(normaliseHeading('2.1 Data Licences:')).toBe('data licences');
    expect(normaliseHeading('  3) Énergie  et  climat ')).toBe('energie et climat');
    expect(normaliseHeading('Scope')).toBe(normaliseHeading('1. SCOPE'));
  });

  it("puts two cities' guidelines side by side, matched by heading", () => {
    const tallinn = [aSection('t1', '1. Scope', 'Buses and trams.'), aSection('t2', '2. Licence', 'CC BY 4.0.'), aSection('t3', '3. Privacy', 'Aggregate trips.')];
    const tbilisi = [aSection('x1', 'Scope', 'Buses and trams.'), aSection('x9', 'Funding', 'Fares.'), aSection('x2', 'LICENCE', 'Open licence, CC BY 4.0.')];
    const comparison = compareSections(tallinn, tbilisi);
    expect(comparison.map(({ key, kind, left, right }) => [key, kind, left?.sectionId ?? null, right?.sectionId ?? null])).toEqual([
      ['scope', 'SAME', 't1', 'x1'],
      ['funding', 'ONLY_RIGHT', null, 'x9'],
      ['licence', 'DIFFERENT', 't2', 'x2'],
      ['privacy', 'ONLY_LEFT', 't3', null],
    ]);
    const licence = comparison[2];
    expect(licence.words!.filter((part) => part.kind !== 'REMOVED').map((part) => part.text).join('')).toBe('Open licence, CC BY 4.0.');
    expect(comparison[0].words).toBeNull();
  });

  it('matches a heading used twice in order, first with first', () => {
    const left = [aSection('l1', 'Notes', 'one'), aSection('l2', 'Notes', 'two')];
    const right = [aSection('r1', 'Notes', 'one'), aSection('r2', 'notes', 'three')];
    expect(compareSections(left, right).map(({ kind, left: l, right: r }) => [kind, l?.sectionId, r?.sectionId])).toEqual([
      ['SAME', 'l1', 'r1'],
      ['DIFFERENT', 'l2', 'r2'],
    ]);
  });
});
