import { aGuidelineContent, aSection } from '../testing/guideline-content.fixture';
import { applySectionChanges, isViolation, type Section, type SectionChange } from './guideline-content';
import { blameEdit, blameOfDraft, blameSectionChange, blameWords, decodeBlame, draftCredit, editCredit, encodeBlame, headingCreditOf, lastChangeOf, type SectionBlame } from './blame';

const drafted = draftCredit('ana', '2026-01-05T10:00:00Z');
const byBen = editCredit({ editedBy: 'ben', revision: 2, changeNote: 'Name the licence', amendment: null }, '2026-02-01T10:00:00Z');
const byCara = editCredit({ editedBy: 'cara', revision: 3, changeNote: 'Shorter', amendment: null }, '2026-03-01T10:00:00Z');
const licence = aSection('licence', 'Licence', 'Publish the data under an open licence that allows commercial reuse.');
const initial = blameOfDraft(aGuidelineContent({ sections: [licence] }), drafted).licence;

const edit = (body: string): SectionChange => ({ kind: 'EDIT', sectionId: 'licence', body });
const after = (blame: SectionBlame | null, change: SectionChange, credit = byBen) => blameSectionChange(blame, change, credit)!;
const bodyOf = (blame: SectionBlame) => blame.body.map((run) => run.text).join('');
const whoWrote = (blame: SectionBlame) => blameWords(blame).map(({ word, credit }) => `${word}:${credit.accountId}`);

describe('blame', () => {
  it('credits every word and the heading of a draft to its drafter', () => {
    expect(blameWords(initial).every(({ credit }) => credit === drafted)).toBe(true);
    expect(blameWords(initial).map(({ word }) => word)).toEqual(licence.body.split(' '));
    expect(lastChangeOf(initial)).toEqual(drafted);
    expect(headingCreditOf(initial)).toEqual(drafted);
  });

  it('credits the words an edit adds to its editor, with the change note, and keeps the rest as they were', () => {
    const blame = after(initial, edit('Publish the data under the CC BY 4.0 licence that allows commercial reuse.'));
    expect(whoWrote(blame)).toEqual([
      'Publish:ana',
      'the:ana',
      'data:ana',
      'under:ana',
      'the:ben',
      'CC:ben',
      'BY:ben',
      '4.0:ben',
      'licence:ana',
      'that:ana',
      'allows:ana',
      'commercial:ana',
      'reuse.:ana',
    ]);
    expect(blameWords(blame)[5].credit).toEqual({ accountId: 'ben', at: '2026-02-01T10:00:00Z', revision: 2, changeNote: 'Name the licence', amendmentId: null, acceptedBy: null });
    expect(lastChangeOf(blame)).toBe(byBen);
  });

  it('tells who last changed each word through a chain of edits', () => {
    const second = after(initial, edit('Publish the data under the CC BY 4.0 licence that allows commercial reuse.'));
    const third = after(second, edit('Publish data under the CC BY 4.0 licence; commercial reuse is allowed.'), byCara);
    expect(bodyOf(third)).toBe('Publish data under the CC BY 4.0 licence; commercial reuse is allowed.');
    expect(whoWrote(third)).toEqual([
      'Publish:ana',
      'data:ana',
      'under:ana',
      'the:ben',
      'CC:ben',
      'BY:ben',
      '4.0:ben',
      'licence;:cara',
      'commercial:ana',
      'reuse:ana',
      'is:cara',
      'allowed.:cara',
    ]);
    expect(lastChangeOf(third)).toBe(byCara);
  });

  it('credits an accepted amendment to the person who proposed it, naming who accepted it', () => {
    const amendment = editCredit({ editedBy: 'ana', revision: 2, changeNote: 'Reuse must be free', amendment: { amendmentId: 'a-1', proposedBy: 'citizen' } }, '2026-02-02T10:00:00Z');
    const blame = after(initial, edit('Publish the data under an open licence that allows free commercial reuse.'), amendment);
    const free = blameWords(blame).find(({ word }) => word === 'free')!;
    expect(free.credit).toEqual({ accountId: 'citizen', at: '2026-02-02T10:00:00Z', revision: 2, changeNote: 'Reuse must be free', amendmentId: 'a-1', acceptedBy: 'ana' });
  });

  it('credits a new heading without touching the words, and a move as the last change only', () => {
    const retitled = after(initial, { kind: 'RETITLE', sectionId: 'licence', heading: 'Licence and reuse' });
    expect(retitled.heading).toBe('Licence and reuse');
    expect(headingCreditOf(retitled)).toBe(byBen);
    expect(whoWrote(retitled)).toEqual(whoWrote(initial));
    const moved = after(retitled, { kind: 'MOVE', sectionId: 'licence', position: 0 }, byCara);
    expect(lastChangeOf(moved)).toBe(byCara);
    expect(headingCreditOf(moved)).toBe(byBen);
    expect(whoWrote(moved)).toEqual(whoWrote(initial));
  });

  it('starts a section added by an edit with its editor, and ends it when removed', () => {
    const added = blameSectionChange(null, { kind: 'ADD', sectionId: 'privacy', heading: 'Privacy', body: 'Aggregate trips.', position: 1 }, byBen)!;
    expect(whoWrote(added)).toEqual(['Aggregate:ben', 'trips.:ben']);
    expect(blameSectionChange(added, { kind: 'REMOVE', sectionId: 'privacy' }, byCara)).toBeNull();
  });

  it('keeps a body emptied and written again', () => {
    const emptied = after(initial, edit(''));
    expect(emptied.body).toEqual([]);
    expect(whoWrote(after(emptied, edit('New text.'), byCara))).toEqual(['New:cara', 'text.:cara']);
  });

  it('follows a whole edit across sections, as the projection will', () => {
    const content = aGuidelineContent();
    const blames = blameOfDraft(content, drafted);
    const changes: SectionChange[] = [
      { kind: 'REMOVE', sectionId: 'formats' },
      { kind: 'ADD', sectionId: 'privacy', heading: 'Privacy', body: 'Aggregate trips.', position: 0 },
      { kind: 'EDIT', sectionId: 'scope', body: content.sections[0].body.replace('timetables', 'schedules') },
    ];
    const next = blameEdit(blames, changes, byBen);
    expect(Object.keys(next).sort()).toEqual(['licence', 'privacy', 'scope']);
    expect(next.licence).toBe(blames.licence);
    expect(blameWords(next.scope).filter(({ credit }) => credit === byBen).map(({ word }) => word)).toEqual(['schedules,']);
  });

  describe('kept incrementally over a long history', () => {
    // Forty edits of one section, each rewording, inserting or deleting somewhere else in it.
    const bodies: string[] = [];
    let body = 'Cities publish mobility data under an open licence. The city checks each feed every night. A data steward answers for the quality of the feeds.';
    const words = ['daily', 'weekly', 'public', 'shared', 'urban', 'regional', 'clear', 'signed'];
    for (let step = 0; step < 40; step++) {
      const parts = body.split(' ');
      const at = (step * 7) % parts.length;
      if (step % 3 === 0) parts.splice(at, 0, words[step % words.length]);
      else if (step % 3 === 1 && parts.length > 12) parts.splice(at, 1);
      else parts[at] = `${words[(step + 3) % words.length]}${parts[at].match(/[.,;]$/)?.[0] ?? ''}`;
      body = parts.join(' ');
      bodies.push(body);
    }
    const credits = bodies.map((_, step) => editCredit({ editedBy: `editor-${step}`, revision: step + 2, changeNote: `Step ${step}`, amendment: null }, `2026-04-${String((step % 28) + 1).padStart(2, '0')}T10:00:00Z`));
    const steward = aSection('steward', 'Steward', 'Cities publish mobility data under an open licence. The city checks each feed every night. A data steward answers for the quality of the feeds.');

    const history = () => {
      let sections: Section[] = [steward];
      let blame = blameOfDraft(aGuidelineContent({ sections }), drafted).steward;
      const trail: SectionBlame[] = [];
      for (const [step, next] of bodies.entries()) {
        const applied = applySectionChanges(sections, [{ kind: 'EDIT', sectionId: 'steward', body: next }]);
        if (isViolation(applied)) throw new Error(applied.reason);
        sections = applied.sections;
        for (const change of applied.effective) blame = blameSectionChange(blame, change, credits[step])!;
        trail.push(blame);
      }
      return trail;
    };

    it('always holds exactly the current body', () => history().forEach((blame, step) => expect(bodyOf(blame)).toBe(bodies[step])));

    it('keeps only the credits still pointed to, so a row does not grow with the history', () => {
      for (const blame of history()) {
        const used = new Set([blame.headingCredit, blame.lastChange, ...blame.body.map((run) => run.credit)]);
        expect(used.size).toBe(blame.credits.length);
        expect(blame.credits.length).toBeLessThanOrEqual(blameWords(blame).length + 2);
      }
    });

    it('credits each word to the last edit whose diff added it', () => {
      const trail = history();
      const last = trail[trail.length - 1];
      for (const { word, credit } of blameWords(last)) {
        if (credit === drafted) continue;
        // The step that credited the word added it, and no later step removed and re-added it.
        const step = credit.revision - 2;
        expect(bodies[step].split(/\s+/).some((candidate) => candidate === word)).toBe(true);
      }
      expect(blameWords(last).some(({ credit }) => credit === drafted)).toBe(true);
      expect(blameWords(last).some(({ credit }) => credit !== drafted)).toBe(true);
    });

    it('survives JSON as a stored row would', () => {
      const last = history()[bodies.length - 1];
      expect(blameWords(JSON.parse(JSON.stringify(last)) as SectionBlame)).toEqual(JSON.parse(JSON.stringify(blameWords(last))));
    });

    it('is stored compactly and read back the same, at every step', () => {
      for (const blame of history()) {
        const stored = encodeBlame(blame);
        expect(decodeBlame(stored)).toEqual(blame);
        expect(stored.length).toBeLessThan(JSON.stringify(blame).length);
      }
    });

    it('reads rows written in the first format (the SectionBlame as JSON) as they were', () => {
      for (const blame of history()) expect(decodeBlame(JSON.stringify(blame))).toEqual(blame);
    });
  });

  it('stores an empty body, an amendment credit and characters JSON escapes', () => {
    const amendment = editCredit({ editedBy: 'ana', revision: 2, changeNote: 'Quote "it"\nand tab\t', amendment: { amendmentId: 'a-1', proposedBy: 'dan' } }, '2026-02-01T10:00:00Z');
    const emptied = after(initial, edit(''), amendment);
    const quoted = after(initial, edit('Publish "the" data\nunder — an open licence.'), amendment);
    for (const blame of [emptied, quoted]) expect(decodeBlame(encodeBlame(blame))).toEqual(blame);
    expect(emptied.body).toEqual([]);
  });
});
