import { normaliseLanguageTag, Sector } from '@sce/vocabulary';

/** A section of a guideline: a stable id (given when it is added, kept through edits and moves), a heading and a Markdown body. */
export interface Section {
  sectionId: string;
  heading: string;
  /** Markdown. */
  body: string;
}

/** Everything a guideline says: the text that is drafted, edited, reviewed and published as versions. */
export interface GuidelineContent {
  title: string;
  summary: string;
  sectors: Sector[];
  /** BCP 47, canonical spelling ('en', 'fr', 'pt-BR'). */
  language: string;
  sections: Section[];
}

/**
 * One change of an edit, applied in the order given. ADD and MOVE take the position the section has once
 * the change is applied (0 is first; the number of sections puts it last).
 */
export type SectionChange =
  | { kind: 'ADD'; sectionId: string; heading: string; body: string; position: number }
  | { kind: 'EDIT'; sectionId: string; body: string }
  | { kind: 'RETITLE'; sectionId: string; heading: string }
  | { kind: 'MOVE'; sectionId: string; position: number }
  | { kind: 'REMOVE'; sectionId: string };
export type SectionChangeKind = SectionChange['kind'];

// Limits on everything a guideline holds: the GraphQL layer repeats them for early errors, the domain keeps
// them whatever the caller (an import, the CLI), so no event carries an unbounded text or list.
export const GUIDELINE_LIMITS = {
  id: 100,
  title: 200,
  summary: 2_000,
  heading: 200,
  body: 100_000,
  sections: 200,
  sectors: Object.keys(Sector).length,
  changes: 200,
  changeNote: 500,
  comment: 5_000,
  quote: 1_000,
  quoteContext: 300,
  rationale: 5_000,
  reason: 1_000,
  changeSummary: 2_000,
  evidenceNote: 1_000,
  authors: 50,
} as const;

/** What is wrong with an input, by field path ('sections[2].heading', 'changes[0].body'): the first violation. */
export interface FieldViolation {
  field: string;
  reason: string;
}

// Section ids are chosen by the caller like aggregate ids: short, URL- and anchor-safe.
const SECTION_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const SECTORS: ReadonlySet<string> = new Set(Object.values(Sector));

/** A violation if the text is blank (when required) or longer than its limit. */
export function textViolation(field: string, text: string, limit: number, required = true): FieldViolation | null {
  if (required && text.trim() === '') return { field, reason: 'must not be blank' };
  if (text.length > limit) return { field, reason: `must be at most ${limit} characters (it has ${text.length})` };
  return null;
}

export function idViolation(field: string, id: string): FieldViolation | null {
  if (id.length > GUIDELINE_LIMITS.id || !SECTION_ID.test(id)) return { field, reason: `must be an id of 1 to ${GUIDELINE_LIMITS.id} letters, digits, - or _` };
  return null;
}

// One spelling of language tags for every context: the shared vocabulary's.
export { normaliseLanguageTag };

// Bodies keep their inner layout (Markdown) but not trailing blanks, so an edit adding a newline is no change.
const tidyBody = (body: string) => body.replace(/\s+$/, '');

function checkedSection(section: Section, at: string): Section | FieldViolation {
  const violation =
    idViolation(`${at}.sectionId`, section.sectionId) ??
    textViolation(`${at}.heading`, section.heading, GUIDELINE_LIMITS.heading) ??
    textViolation(`${at}.body`, section.body, GUIDELINE_LIMITS.body, false);
  return violation ?? { sectionId: section.sectionId, heading: section.heading.trim(), body: tidyBody(section.body) };
}

/** Checks a whole content (limits, codes, unique section ids) and returns it in its one spelling. */
export function normaliseContent(content: GuidelineContent): GuidelineContent | FieldViolation {
  const violation = textViolation('title', content.title, GUIDELINE_LIMITS.title) ?? textViolation('summary', content.summary, GUIDELINE_LIMITS.summary, false);
  if (violation) return violation;
  if (content.sectors.length === 0) return { field: 'sectors', reason: 'needs at least one sector' };
  if (content.sectors.length > GUIDELINE_LIMITS.sectors) return { field: 'sectors', reason: `must hold at most ${GUIDELINE_LIMITS.sectors} sectors` };
  const unknownSector = content.sectors.findIndex((sector) => !SECTORS.has(sector));
  if (unknownSector >= 0) return { field: `sectors[${unknownSector}]`, reason: `${JSON.stringify(content.sectors[unknownSector])} is not a sector` };
  const language = normaliseLanguageTag(content.language);
  if (language === null) return { field: 'language', reason: `${JSON.stringify(content.language)} is not a BCP 47 language tag (e.g. en, fr, ru, pt-BR)` };
  const sections = checkedSections(content.sections, 'sections');
  if (isViolation(sections)) return sections;
  return { title: content.title.trim(), summary: content.summary.trim(), sectors: [...new Set(content.sectors)], language, sections };
}

function checkedSections(given: Section[], field: string): Section[] | FieldViolation {
  if (given.length === 0) return { field, reason: 'needs at least one section' };
  if (given.length > GUIDELINE_LIMITS.sections) return { field, reason: `must hold at most ${GUIDELINE_LIMITS.sections} sections` };
  const sections: Section[] = [];
  const seen = new Set<string>();
  for (const [index, section] of given.entries()) {
    const checked = checkedSection(section, `${field}[${index}]`);
    if (isViolation(checked)) return checked;
    if (seen.has(checked.sectionId)) return { field: `${field}[${index}].sectionId`, reason: `repeats section id ${checked.sectionId}` };
    seen.add(checked.sectionId);
    sections.push(checked);
  }
  return sections;
}

/** What goes wrong applying a section change: a field violation, or a section id the text does not have. */
export type ChangeViolation = FieldViolation & { missingSectionId?: string };

export interface AppliedChanges {
  sections: Section[];
  /** The changes in their one spelling, without those that change nothing. */
  effective: SectionChange[];
}

function positionViolation(field: string, position: number, max: number): FieldViolation | null {
  return Number.isInteger(position) && position >= 0 && position <= max ? null : { field, reason: `must be a whole number from 0 to ${max}` };
}

/**
 * Applies section changes in order, all or nothing: the resulting sections and the changes that really
 * change something, or the first violation (naming `changes[i].<field>`).
 */
export function applySectionChanges(sections: readonly Section[], changes: readonly SectionChange[], field = 'changes'): AppliedChanges | ChangeViolation {
  if (changes.length === 0) return { field, reason: 'needs at least one section change' };
  if (changes.length > GUIDELINE_LIMITS.changes) return { field, reason: `must hold at most ${GUIDELINE_LIMITS.changes} changes` };
  let current = [...sections];
  const effective: SectionChange[] = [];
  for (const [index, change] of changes.entries()) {
    const at = `${field}[${index}]`;
    const place = current.findIndex((section) => section.sectionId === change.sectionId);
    if (change.kind === 'ADD') {
      const added = checkedSection(change, at);
      if (isViolation(added)) return added;
      if (place >= 0) return { field: `${at}.sectionId`, reason: `section ${change.sectionId} exists already` };
      const badPosition = positionViolation(`${at}.position`, change.position, current.length);
      if (badPosition) return badPosition;
      current.splice(change.position, 0, added);
      effective.push({ kind: 'ADD', ...added, position: change.position });
      continue;
    }
    if (place < 0) return { field: `${at}.sectionId`, reason: `there is no section ${change.sectionId}`, missingSectionId: change.sectionId };
    const section = current[place];
    switch (change.kind) {
      case 'EDIT': {
        const violation = textViolation(`${at}.body`, change.body, GUIDELINE_LIMITS.body, false);
        if (violation) return violation;
        const body = tidyBody(change.body);
        if (body === section.body) break;
        current[place] = { ...section, body };
        effective.push({ kind: 'EDIT', sectionId: section.sectionId, body });
        break;
      }
      case 'RETITLE': {
        const violation = textViolation(`${at}.heading`, change.heading, GUIDELINE_LIMITS.heading);
        if (violation) return violation;
        const heading = change.heading.trim();
        if (heading === section.heading) break;
        current[place] = { ...section, heading };
        effective.push({ kind: 'RETITLE', sectionId: section.sectionId, heading });
        break;
      }
      case 'MOVE': {
        const badPosition = positionViolation(`${at}.position`, change.position, current.length - 1);
        if (badPosition) return badPosition;
        if (change.position === place) break;
        current.splice(place, 1);
        current.splice(change.position, 0, section);
        effective.push({ kind: 'MOVE', sectionId: section.sectionId, position: change.position });
        break;
      }
      case 'REMOVE':
        current = current.filter((_, index) => index !== place);
        effective.push({ kind: 'REMOVE', sectionId: section.sectionId });
        break;
      default: {
        const unknownChange: never = change;
        return { field: `${at}.kind`, reason: `is not a section change: ${JSON.stringify(unknownChange)}` };
      }
    }
  }
  if (current.length === 0) return { field, reason: 'would leave the guideline without a section' };
  if (current.length > GUIDELINE_LIMITS.sections) return { field, reason: `would leave more than ${GUIDELINE_LIMITS.sections} sections` };
  return { sections: current, effective };
}

/** Applies changes already checked (an event's): what evolve and the read models use. */
export function applyRecordedChanges(sections: readonly Section[], changes: readonly SectionChange[]): Section[] {
  const applied = applySectionChanges(sections, changes);
  return isViolation(applied) ? [...sections] : applied.sections;
}

export const isViolation = <T extends object>(value: T | FieldViolation): value is FieldViolation => 'reason' in value && 'field' in value;
