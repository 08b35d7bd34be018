import type { Sector } from '@sce/vocabulary';
import type { BlameCredit } from '../domain/blame';
import type { ReattachedAnchor } from '../domain/comment-anchors';
import type { Section, SectionChange } from '../domain/guideline-content';
import { invalidGuidelineContent } from '../domain/guideline.errors';
import { codesOf, stageOf, type GuidelineRow } from '../read-models/guideline-directory';
import { anchorOf, currentAnchorOf, repliesOf, type GuidelineCommentRow, type GuidelineVersionRow } from '../read-models/guideline-texts';
import type { GuidelineEvidenceRow } from '../read-models/guideline-evidence';
import type { EvidenceChange, GuidelineEvidencePeriodRow } from '../read-models/guideline-evidence-history';
import { changesOf, type GuidelineAmendmentRow } from '../read-models/guideline-amendments';
import type { SectionChangeInput } from './guideline.inputs';
import type {
  GuidelineAmendmentObject,
  GuidelineBlameCreditObject,
  GuidelineCommentObject,
  GuidelineCurrentAnchorObject,
  GuidelineEvidenceChangeObject,
  GuidelineEvidenceObject,
  GuidelineObject,
  GuidelineTextObject,
  GuidelineVersionObject,
} from './guideline.object-type';

export function toGuidelineObject(row: GuidelineRow): GuidelineObject {
  return {
    id: row.id,
    status: row.status as GuidelineObject['status'],
    stage: stageOf(row),
    title: row.title,
    summary: row.summary,
    sectors: codesOf(row.sectors) as Sector[],
    language: row.language,
    authorIds: codesOf(row.authors),
    latestVersion: row.latestMajor === null ? null : `${row.latestMajor}.${row.latestMinor}`,
    publishedAt: row.publishedAt ? new Date(row.publishedAt) : null,
    successorId: row.successorId,
    withdrawReason: row.withdrawReason,
    draftedAt: new Date(row.draftedAt),
    updatedAt: new Date(row.updatedAt),
    authors: row.authors,
    revision: row.revision,
    streamRevision: row.streamRevision,
    publishedRevision: row.publishedRevision,
    publishedStreamRevision: row.publishedStreamRevision,
  };
}

export function toTextObject(guideline: GuidelineObject, revision: number, sections: Section[]): GuidelineTextObject {
  return {
    revision,
    title: guideline.title,
    summary: guideline.summary,
    sectors: guideline.sectors,
    language: guideline.language,
    sections: sections.map((section, position) => ({ ...section, position })),
  };
}

export function toVersionObject(row: GuidelineVersionRow): GuidelineVersionObject {
  return {
    number: `${row.major}.${row.minor}`,
    major: row.major,
    minor: row.minor,
    kind: row.kind,
    revision: row.revision,
    changeSummary: row.changeSummary,
    approvedBy: row.approvedBy,
    publishedBy: row.publishedBy,
    publishedAt: new Date(row.publishedAt),
  };
}

function toCurrentAnchor(anchor: ReattachedAnchor): GuidelineCurrentAnchorObject {
  return anchor.status === 'ATTACHED'
    ? { status: 'ATTACHED', sectionId: anchor.sectionId, quote: anchor.quote, match: anchor.match, lastQuote: null }
    : { status: 'ORPHAN', sectionId: anchor.sectionId, quote: null, match: null, lastQuote: anchor.lastQuote };
}

/** `seesDrafts`: whether the reader may see the working text, which the current anchor quotes. */
export function toCommentObject(row: GuidelineCommentRow, seesDrafts: boolean): GuidelineCommentObject {
  return {
    commentId: row.commentId,
    commentedBy: row.commentedBy,
    text: row.text,
    commentedAt: new Date(row.commentedAt),
    anchor: anchorOf(row),
    currentAnchor: seesDrafts ? toCurrentAnchor(currentAnchorOf(row)) : null,
    replies: repliesOf(row).map((reply) => ({ ...reply, repliedAt: new Date(reply.repliedAt) })),
    resolvedBy: row.resolvedBy,
    resolvedAt: row.resolvedAt ? new Date(row.resolvedAt) : null,
  };
}

export function toEvidenceObject(row: GuidelineEvidenceRow): GuidelineEvidenceObject {
  return { sectionId: row.sectionId, caseStudyId: row.caseStudyId, caseStudyRevision: row.caseStudyRevision, citedBy: row.citedBy, note: row.note, citedAt: new Date(row.citedAt) };
}

/**
 * Section changes as the domain takes them. What each kind needs is checked here, by field path; an ADD
 * without a section id gets one from `newSectionId` (derived from the idempotency key when there is one).
 */
export function toSectionChanges(guidelineId: string, inputs: SectionChangeInput[], newSectionId: (index: number) => string): SectionChange[] {
  return inputs.map((input, index) => {
    const at = `changes[${index}]`;
    const need = <T>(value: T | null | undefined, field: string): T => {
      if (value === null || value === undefined) throw invalidGuidelineContent(guidelineId, `${at}.${field}`, `is required for ${input.kind}`);
      return value;
    };
    switch (input.kind) {
      case 'ADD':
        return { kind: 'ADD', sectionId: input.sectionId ?? newSectionId(index), heading: need(input.heading, 'heading'), body: input.body ?? '', position: need(input.position, 'position') };
      case 'EDIT':
        return { kind: 'EDIT', sectionId: need(input.sectionId, 'sectionId'), body: need(input.body, 'body') };
      case 'RETITLE':
        return { kind: 'RETITLE', sectionId: need(input.sectionId, 'sectionId'), heading: need(input.heading, 'heading') };
      case 'MOVE':
        return { kind: 'MOVE', sectionId: need(input.sectionId, 'sectionId'), position: need(input.position, 'position') };
      case 'REMOVE':
        return { kind: 'REMOVE', sectionId: need(input.sectionId, 'sectionId') };
      default:
        throw invalidGuidelineContent(guidelineId, `${at}.kind`, 'is not a section change');
    }
  });
}

export function toAmendmentObject(row: GuidelineAmendmentRow): GuidelineAmendmentObject {
  return {
    amendmentId: row.amendmentId,
    proposedBy: row.proposedBy,
    revision: row.revision,
    rationale: row.rationale,
    changes: changesOf(row).map((change) => ({
      kind: change.kind,
      sectionId: change.sectionId,
      heading: 'heading' in change ? change.heading : null,
      body: 'body' in change ? change.body : null,
      position: 'position' in change ? change.position : null,
    })),
    status: row.status,
    decidedBy: row.decidedBy,
    reason: row.reason,
    proposedAt: new Date(row.proposedAt),
    decidedAt: row.decidedAt ? new Date(row.decidedAt) : null,
  };
}

export const toCreditObject = (credit: BlameCredit): GuidelineBlameCreditObject => ({ ...credit, at: new Date(credit.at) });

export function toEvidenceChange(change: EvidenceChange | null): GuidelineEvidenceChangeObject | null {
  return change && { ...change, since: new Date(change.since) };
}

/** A citation as it stood at a past instant (whether its case study changed since is for `evidence`, now). */
export function toPeriodEvidence(period: GuidelineEvidencePeriodRow): GuidelineEvidenceObject {
  const { sectionId, caseStudyId, caseStudyRevision, citedBy, note, citedAt } = period;
  return { sectionId, caseStudyId, caseStudyRevision, citedBy, note, citedAt: new Date(citedAt), evidenceChangedSince: null };
}
