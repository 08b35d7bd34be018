import { caseStudyDecider, caseStudyStreamId, draftContent, DraftCaseStudyInput, CaseStudyErrorCode } from '@sce/case-studies';
import { CommandHandler, NO_STREAM_REVISION, WrongExpectedRevisionError, newId } from '@sce/event-sourcing';
import { controlCharacterViolations } from '@sce/platform';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { parse } from 'csv-parse/sync';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { v5 as uuidv5 } from 'uuid';

// CSV cells are text: these columns are lists (separated by ';') and these are numbers.
const CSV_LISTS = new Set(['sectors', 'sdgTargets', 'organisationIds', 'fundingSources', 'lessonsLearned', 'transferability.preconditions']);
const CSV_NUMBERS = new Set(['period.fromYear', 'period.toYear', 'coordinates.latitude', 'coordinates.longitude', 'cost.amount']);
/** Namespace for the import's deterministic case study ids (uuid v5). */
const IMPORT_NAMESPACE = '4d1b0a52-6a0e-4a59-9c55-3f2f0c1a7e11';

export interface ImportReport {
  imported: number;
  alreadyImported: number;
  refused: { index: number; reason: string }[];
}

/** JSON (an array of records) or CSV (a header row of the input's field names; nested fields as period.fromYear). */
export function readRecords(file: string): unknown[] {
  const text = readFileSync(file, 'utf8');
  if (/\.csv$/i.test(file)) {
    const rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
    return rows.map(fromCsvRow);
  }
  const records: unknown = JSON.parse(text);
  if (!Array.isArray(records)) throw new Error(`set FILE to a JSON array of case studies (or a .csv file): ${file} holds no array`);
  return records;
}

function fromCsvRow(row: Record<string, string>): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [column, cell] of Object.entries(row)) {
    if (cell === '') continue; // an empty cell is a field left out
    const value = CSV_LISTS.has(column) ? cell.split(';').map((item) => item.trim()).filter(Boolean) : CSV_NUMBERS.has(column) && /^-?\d+(\.\d+)?$/.test(cell) ? Number(cell) : cell;
    const path = column.split('.');
    let target = record;
    for (const key of path.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
    target[path[path.length - 1]] = value;
  }
  return record;
}

function messagesOf(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    return [...Object.values(error.constraints ?? {}).map((message) => `${field}: ${message}`), ...messagesOf(error.children ?? [], field)];
  });
}

/** The same checks as the API's validation pipe: class-validator on the input class, then no control characters. */
export async function validated(record: unknown, organisationId: string): Promise<DraftCaseStudyInput | string> {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return 'not an object';
  const input = plainToInstance(DraftCaseStudyInput, { ...record, organisationId });
  const messages = messagesOf(await validate(input, { whitelist: true, forbidNonWhitelisted: true }));
  if (messages.length === 0) messages.push(...controlCharacterViolations(input, '').map(({ field, messages: reasons }) => `${field}: ${reasons.join(', ')}`));
  return messages.length ? messages.join('; ') : input;
}

/** Keys sorted at every level, so the same record always hashes the same whatever its key order. */
const canonical = (value: unknown): unknown =>
  Array.isArray(value) ? value.map(canonical) : value && typeof value === 'object' ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])])) : value;

/**
 * The id depends only on the organisation and the record's content: importing the same file again (or
 * resuming an interrupted run) finds the stream there already and creates nothing.
 */
export const importedCaseStudyId = (organisationId: string, record: unknown) =>
  uuidv5(`${organisationId}:${createHash('sha256').update(JSON.stringify(canonical(record))).digest('hex')}`, IMPORT_NAMESPACE);

/** Whether an organisation with this id exists (the caller asks the log, which has no projection lag). */
export type OrganisationExists = (organisationId: string) => Promise<boolean>;

/** The involved organisations a record names that do not exist, each asked once per run. */
function unknownOrganisations(organisationExists: OrganisationExists) {
  const known = new Map<string, Promise<boolean>>();
  return async (ids: readonly string[]) => {
    const missing: string[] = [];
    for (const id of ids) {
      if (!known.has(id)) known.set(id, organisationExists(id));
      if (!(await known.get(id))) missing.push(id);
    }
    return missing;
  };
}

export async function importCaseStudies(
  handler: CommandHandler,
  records: unknown[],
  organisationId: string,
  organisationExists: OrganisationExists,
  progress: (done: number) => void = () => undefined,
): Promise<ImportReport> {
  const report: ImportReport = { imported: 0, alreadyImported: 0, refused: [] };
  const correlationId = `cli-import-${newId()}`;
  const missingOf = unknownOrganisations(organisationExists);
  for (const [index, record] of records.entries()) {
    const input = await validated(record, organisationId);
    const missing = typeof input === 'string' ? [] : await missingOf(input.organisationIds ?? []);
    if (typeof input === 'string') {
      report.refused.push({ index, reason: input });
    } else if (missing.length > 0) {
      // A case study naming an organisation that does not exist would link to nothing in every read model.
      report.refused.push({ index, reason: `organisationIds: no organisation has the id ${missing.join(', ')}` });
    } else {
      const caseStudyId = importedCaseStudyId(organisationId, record);
      try {
        await handler.handle(
          caseStudyDecider,
          caseStudyStreamId(caseStudyId),
          { type: 'ImportPublishedCaseStudy', data: { caseStudyId, organisationId, content: draftContent(input) }, metadata: { now: new Date(), actorId: null, correlationId } },
          { expectedRevision: NO_STREAM_REVISION },
        );
        report.imported += 1;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === CaseStudyErrorCode.AlreadyDrafted || error instanceof WrongExpectedRevisionError) report.alreadyImported += 1;
        else if (code === CaseStudyErrorCode.InvalidContent) report.refused.push({ index, reason: (error as Error).message });
        else throw error;
      }
    }
    progress(index + 1);
  }
  return report;
}
