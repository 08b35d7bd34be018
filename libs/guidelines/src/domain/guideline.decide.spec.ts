import { deciderSpecification } from '@sce/event-sourcing/testing/decider-specification';
import { aGuidelineContent, aSection } from '../testing/guideline-content.fixture';
import type { GuidelineContent, SectionChange } from './guideline-content';
import type { GuidelineCommand } from './guideline.commands';
import { guidelineDecider } from './guideline.decide';
import { GuidelineErrorCode } from './guideline.errors';
import type { GuidelineEvent } from './guideline.events';
import { evolveGuideline, initialGuideline, type ExistingGuideline } from './guideline';

const spec = deciderSpecification(guidelineDecider);
const guidelineId = 'g-1';
const at = (actorId: string | null, extra: object = {}) => ({ now: new Date('2026-11-30T09:00:00Z'), actorId, correlationId: 'c-1', ...extra });

const command = <T extends GuidelineCommand['type']>(type: T, data: Omit<Extract<GuidelineCommand, { type: T }>['data'], 'guidelineId'>, actorId: string | null = 'author') =>
  ({ type, data: { guidelineId, ...data }, metadata: at(actorId) }) as unknown as Extract<GuidelineCommand, { type: T }>;
const event = <T extends GuidelineEvent['type']>(type: T, data: Omit<Extract<GuidelineEvent, { type: T }>['data'], 'guidelineId'>) =>
  ({ type, data: { guidelineId, ...data } }) as unknown as Extract<GuidelineEvent, { type: T }>;
const fold = (events: GuidelineEvent[]) => events.reduce(evolveGuideline, initialGuideline()) as ExistingGuideline;

const retitleScope: SectionChange = { kind: 'RETITLE', sectionId: 'scope', heading: 'Scope and purpose' };
const drafted = event('GuidelineDrafted', { draftedBy: 'author', content: aGuidelineContent() });
const edited = event('GuidelineEdited', { editedBy: 'author', revision: 2, changes: [retitleScope], changeNote: 'Clearer heading', amendment: null });
const coAuthorAdded = event('GuidelineAuthorAdded', { accountId: 'coauthor', addedBy: 'author' });
const reviewRequested = (revision = 1) => event('GuidelineReviewRequested', { requestedBy: 'author', revision });
const approved = (revision = 1) => event('GuidelineReviewed', { reviewedBy: 'rev', revision, decision: 'APPROVE', comment: null });
const published10 = event('GuidelineVersionPublished', { major: 1, minor: 0, kind: 'MAJOR', revision: 1, changeSummary: 'First version', approvedBy: 'rev', publishedBy: 'author' });
const publishedHistory = [drafted, reviewRequested(), approved(), published10];

const edit = (changes: SectionChange[], expectedRevision = 1, changeNote = 'Clearer heading', actorId = 'author') => command('EditGuideline', { changes, expectedRevision, changeNote }, actorId);
const review = (decision: 'APPROVE' | 'REQUEST_CHANGES', actorId = 'rev', comment: string | null = null, roles = ['REVIEWER']) =>
  command('ReviewGuideline', { decision, comment, reviewer: { roles } }, actorId);
const publish = (kind: 'MAJOR' | 'MINOR' = 'MAJOR', changeSummary = 'First version') => command('PublishGuidelineVersion', { kind, changeSummary });
const proposal = (changes: SectionChange[] = [{ kind: 'EDIT', sectionId: 'licence', body: 'Publish the data under CC BY 4.0.' }], amendmentId = 'a-1') =>
  command('ProposeGuidelineAmendment', { amendmentId, changes, rationale: 'Name the licence' }, 'citizen');
const proposed = event('GuidelineAmendmentProposed', {
  amendmentId: 'a-1',
  proposedBy: 'citizen',
  revision: 1,
  changes: [{ kind: 'EDIT', sectionId: 'licence', body: 'Publish the data under CC BY 4.0.' }],
  rationale: 'Name the licence',
});
const quote = { text: 'open licence', before: 'Publish the data under an ', after: ' that allows commercial reuse.', offset: 26 };
const commentOn = (anchor: object = { sectionId: 'licence', revision: 1, quote }, text = 'Which licence exactly?', commentId = 'c-1', actorId: string | null = 'reader') =>
  command('CommentOnGuideline', { commentId, anchor, text } as never, actorId);
const commented = event('GuidelineCommented', { commentId: 'c-1', commentedBy: 'reader', anchor: { sectionId: 'licence', revision: 1, quote }, text: 'Which licence exactly?' });
const caseStudy = (status = 'PUBLISHED', revision = 4) => ({ caseStudyId: 'cs-1', status, revision });
const cited = event('GuidelineEvidenceCited', { sectionId: 'formats', caseStudyId: 'cs-1', caseStudyRevision: 4, citedBy: 'author', note: null });

describe('Guideline', () => {
  describe('when not yet drafted', () => {
    it('is drafted by a person, who becomes its first author', () => {
      spec.given([]).when(command('DraftGuideline', { content: aGuidelineContent() })).then([drafted]);
      expect(fold([drafted])).toMatchObject({ status: 'DRAFT', revision: 1, authors: ['author'] });
    });

    it('stores the content in its one spelling: trimmed texts, canonical language, sectors without repeats', () =>
      spec
        .given([])
        .when(
          command('DraftGuideline', {
            content: aGuidelineContent({
              title: ' Open data for urban mobility ',
              language: 'EN',
              sectors: ['TRANSPORT', 'TRANSPORT'],
              sections: [
                aSection('scope', ' Scope ', 'This guideline covers timetables, real-time positions and counts of trips.\n\n'),
                ...aGuidelineContent().sections.slice(1),
              ],
            }),
          }),
        )
        .then([drafted]));

    const long = (length: number) => 'x'.repeat(length);
    it.each([
      ['a blank title', { title: ' ' }, 'title'],
      ['a title over 200 characters', { title: long(201) }, 'title'],
      ['a summary over 2,000 characters', { summary: long(2001) }, 'summary'],
      ['no sector', { sectors: [] }, 'sectors'],
      ['an unknown sector', { sectors: ['TRANSPORT', 'SPACE_TRAVEL'] }, 'sectors[1]'],
      ['more sectors than there are', { sectors: Array.from({ length: 15 }, () => 'TRANSPORT') }, 'sectors'],
      ['a language that is not BCP 47', { language: 'english!' }, 'language'],
      ['no section', { sections: [] }, 'sections'],
      ['more than 200 sections', { sections: Array.from({ length: 201 }, (_, index) => aSection(`s${index}`, 'H', '')) }, 'sections'],
      ['a blank heading', { sections: [aSection('scope', ' ', 'Body')] }, 'sections[0].heading'],
      ['a heading over 200 characters', { sections: [aSection('scope', long(201), 'Body')] }, 'sections[0].heading'],
      ['a body over 100,000 characters', { sections: [aSection('scope', 'Scope', long(100_001))] }, 'sections[0].body'],
      ['a section id with spaces', { sections: [aSection('the scope', 'Scope', 'Body')] }, 'sections[0].sectionId'],
      ['a repeated section id', { sections: [aSection('scope', 'Scope', 'A'), aSection('scope', 'Again', 'B')] }, 'sections[1].sectionId'],
    ])('refuses %s, naming the field', (_, change, field) =>
      spec
        .given([])
        .when(command('DraftGuideline', { content: aGuidelineContent(change as Partial<GuidelineContent>) }))
        .thenFailsWith(GuidelineErrorCode.InvalidContent, (error) => expect(error.details).toEqual({ guidelineId, field })));

    it('needs a person to draft it', () => spec.given([]).when(command('DraftGuideline', { content: aGuidelineContent() }, null)).thenFailsWith(GuidelineErrorCode.PersonRequired));

    it.each([
      edit([retitleScope]),
      command('AddGuidelineAuthor', { accountId: 'x', roles: ['POLICY_AUTHOR'] }),
      command('RemoveGuidelineAuthor', { accountId: 'x' }),
      commentOn(),
      command('ReplyToGuidelineComment', { commentId: 'c-1', replyId: 'r-1', text: 'x' }),
      command('ResolveGuidelineComment', { commentId: 'c-1' }),
      proposal(),
      command('AcceptGuidelineAmendment', { amendmentId: 'a-1' }),
      command('RejectGuidelineAmendment', { amendmentId: 'a-1', reason: 'x' }),
      command('CiteEvidence', { sectionId: 'scope', caseStudy: caseStudy(), note: null }),
      command('WithdrawEvidence', { sectionId: 'scope', caseStudyId: 'cs-1' }),
      command('RequestGuidelineReview', {}),
      review('APPROVE'),
      publish(),
      command('WithdrawGuideline', { reason: 'x' }),
      command('SupersedeGuideline', { successorId: 'g-2' }),
    ])('refuses %p as not found', (cmd) => spec.given([]).when(cmd).thenFailsWith(GuidelineErrorCode.NotFound));
  });

  describe('as a draft', () => {
    it('cannot be drafted twice', () => spec.given([drafted]).when(command('DraftGuideline', { content: aGuidelineContent() })).thenFailsWith(GuidelineErrorCode.AlreadyDrafted));

    describe('edits', () => {
      it('applies a list of section changes at once, as one new text revision with its change note', () => {
        const changes: SectionChange[] = [
          { kind: 'ADD', sectionId: 'privacy', heading: 'Privacy', body: 'Aggregate trips before publishing them.', position: 1 },
          { kind: 'EDIT', sectionId: 'formats', body: 'Use GTFS for timetables.' },
          { kind: 'MOVE', sectionId: 'formats', position: 0 },
          { kind: 'REMOVE', sectionId: 'licence' },
          retitleScope,
        ];
        const result = event('GuidelineEdited', { editedBy: 'author', revision: 2, changes, changeNote: 'Restructured', amendment: null });
        spec.given([drafted]).when(edit(changes, 1, 'Restructured')).then([result]);
        expect(fold([drafted, result]).content.sections).toEqual([
          aSection('formats', 'Formats', 'Use GTFS for timetables.'),
          aSection('scope', 'Scope and purpose', aGuidelineContent().sections[0].body),
          aSection('privacy', 'Privacy', 'Aggregate trips before publishing them.'),
        ]);
        expect(fold([drafted, result]).revision).toBe(2);
      });

      it('records only the changes that change something, and nothing at all for an edit that changes nothing', () => {
        const same: SectionChange[] = [
          { kind: 'EDIT', sectionId: 'scope', body: `${aGuidelineContent().sections[0].body}\n` },
          { kind: 'RETITLE', sectionId: 'licence', heading: ' Licence ' },
          { kind: 'MOVE', sectionId: 'formats', position: 2 },
        ];
        spec.given([drafted]).when(edit(same)).thenNothingHappens();
        spec.given([drafted]).when(edit([...same, retitleScope])).then([edited]);
      });

      it('is open to every author, not to others', () => {
        spec.given([drafted, coAuthorAdded]).when(edit([retitleScope], 1, 'Clearer heading', 'coauthor')).then([{ ...edited, data: { ...edited.data, editedBy: 'coauthor' } }]);
        spec.given([drafted]).when(edit([retitleScope], 1, 'x', 'stranger')).thenFailsWith(GuidelineErrorCode.AuthorRequired);
      });

      it('refuses an edit made on an older text revision: a conflict, never a silent overwrite', () =>
        spec
          .given([drafted, edited])
          .when(edit([{ kind: 'EDIT', sectionId: 'scope', body: 'Mine' }], 1))
          .thenFailsWith(GuidelineErrorCode.EditConflict, (error) => expect(error.details).toEqual({ guidelineId, expectedRevision: 1, revision: 2 })));

      it.each([
        ['a blank change note', edit([retitleScope], 1, ' '), 'changeNote'],
        ['a change note over 500 characters', edit([retitleScope], 1, 'n'.repeat(501)), 'changeNote'],
        ['no change', edit([]), 'changes'],
        ['more than 200 changes', edit(Array.from({ length: 201 }, () => retitleScope)), 'changes'],
        ['a blank heading', edit([{ kind: 'RETITLE', sectionId: 'scope', heading: '' }]), 'changes[0].heading'],
        ['an added section with an id in use', edit([{ kind: 'ADD', sectionId: 'scope', heading: 'Again', body: '', position: 0 }]), 'changes[0].sectionId'],
        ['an added section past the end', edit([{ kind: 'ADD', sectionId: 'new', heading: 'New', body: '', position: 4 }]), 'changes[0].position'],
        ['a move to a negative position', edit([{ kind: 'MOVE', sectionId: 'scope', position: -1 }]), 'changes[0].position'],
        ['a body over 100,000 characters', edit([retitleScope, { kind: 'EDIT', sectionId: 'scope', body: 'b'.repeat(100_001) }]), 'changes[1].body'],
        [
          'removing every section',
          edit([
            { kind: 'REMOVE', sectionId: 'scope' },
            { kind: 'REMOVE', sectionId: 'licence' },
            { kind: 'REMOVE', sectionId: 'formats' },
          ]),
          'changes',
        ],
      ])('refuses %s, naming the field', (_, cmd, field) => spec.given([drafted]).when(cmd).thenFailsWith(GuidelineErrorCode.InvalidContent, (error) => expect(error.details).toMatchObject({ field })));

      it('refuses a change to a section the text does not have (also one removed earlier in the same edit), naming it', () => {
        spec.given([drafted]).when(edit([{ kind: 'EDIT', sectionId: 'nowhere', body: 'x' }])).thenFailsWith(GuidelineErrorCode.SectionNotFound, (error) =>
          expect(error.details).toEqual({ guidelineId, sectionId: 'nowhere', field: 'changes[0].sectionId' }),
        );
        spec
          .given([drafted])
          .when(edit([{ kind: 'REMOVE', sectionId: 'scope' }, { kind: 'EDIT', sectionId: 'scope', body: 'x' }]))
          .thenFailsWith(GuidelineErrorCode.SectionNotFound, (error) => expect(error.details).toMatchObject({ field: 'changes[1].sectionId' }));
      });
    });

    describe('authors', () => {
      it('adds a POLICY_AUTHOR as author, by an author', () => {
        spec.given([drafted]).when(command('AddGuidelineAuthor', { accountId: 'coauthor', roles: ['POLICY_AUTHOR'] })).then([coAuthorAdded]);
        expect(fold([drafted, coAuthorAdded]).authors).toEqual(['author', 'coauthor']);
      });

      it('refuses an account without the POLICY_AUTHOR role, one that is an author already, and additions by non-authors', () => {
        spec.given([drafted]).when(command('AddGuidelineAuthor', { accountId: 'reader', roles: ['REVIEWER'] })).thenFailsWith(GuidelineErrorCode.AuthorRoleRequired);
        spec.given([drafted, coAuthorAdded]).when(command('AddGuidelineAuthor', { accountId: 'coauthor', roles: ['POLICY_AUTHOR'] })).thenFailsWith(GuidelineErrorCode.AuthorAlreadyAdded);
        spec.given([drafted]).when(command('AddGuidelineAuthor', { accountId: 'me', roles: ['POLICY_AUTHOR'] }, 'me')).thenFailsWith(GuidelineErrorCode.AuthorRequired);
      });

      it('refuses a 51st author', () => {
        const many = Array.from({ length: 49 }, (_, index) => event('GuidelineAuthorAdded', { accountId: `a${index}`, addedBy: 'author' }));
        spec.given([drafted, ...many]).when(command('AddGuidelineAuthor', { accountId: 'one-more', roles: ['POLICY_AUTHOR'] })).thenFailsWith(GuidelineErrorCode.InvalidContent);
      });

      it('removes an author, but never the last one', () => {
        const removed = event('GuidelineAuthorRemoved', { accountId: 'author', removedBy: 'coauthor' });
        spec.given([drafted, coAuthorAdded]).when(command('RemoveGuidelineAuthor', { accountId: 'author' }, 'coauthor')).then([removed]);
        spec.given([drafted, coAuthorAdded, removed]).when(command('RemoveGuidelineAuthor', { accountId: 'coauthor' }, 'coauthor')).thenFailsWith(GuidelineErrorCode.LastAuthor);
        spec.given([drafted]).when(command('RemoveGuidelineAuthor', { accountId: 'stranger' })).thenFailsWith(GuidelineErrorCode.AuthorNotFound);
      });

      it('takes edits from a removed author no more', () =>
        spec
          .given([drafted, coAuthorAdded, event('GuidelineAuthorRemoved', { accountId: 'author', removedBy: 'coauthor' })])
          .when(edit([retitleScope]))
          .thenFailsWith(GuidelineErrorCode.AuthorRequired));
    });

    describe('comments', () => {
      it('takes a comment anchored to a section, the revision it was read on and a quoted passage', () => spec.given([drafted]).when(commentOn()).then([commented]));

      it('takes a comment on a whole section, and one on an older revision whose passage it cannot check', () => {
        spec
          .given([drafted])
          .when(commentOn({ sectionId: 'scope', revision: 1, quote: null }))
          .then([event('GuidelineCommented', { commentId: 'c-1', commentedBy: 'reader', anchor: { sectionId: 'scope', revision: 1, quote: null }, text: 'Which licence exactly?' })]);
        const oldQuote = { ...quote, text: 'gone words' };
        spec.given([drafted, edited]).when(commentOn({ sectionId: 'licence', revision: 1, quote: oldQuote })).then([{ ...commented, data: { ...commented.data, anchor: { sectionId: 'licence', revision: 1, quote: oldQuote } } }]);
      });

      it.each([
        ['an unknown section', { sectionId: 'nowhere', revision: 1, quote: null }, GuidelineErrorCode.SectionNotFound, 'anchor.sectionId'],
        ['a revision the text never had', { sectionId: 'scope', revision: 2, quote: null }, GuidelineErrorCode.InvalidContent, 'anchor.revision'],
        ['a passage the current text does not hold', { sectionId: 'scope', revision: 1, quote: { ...quote, text: 'not there' } }, GuidelineErrorCode.InvalidContent, 'anchor.quote.text'],
        ['a blank passage', { sectionId: 'licence', revision: 1, quote: { ...quote, text: ' ' } }, GuidelineErrorCode.InvalidContent, 'anchor.quote.text'],
        ['a passage over 1,000 characters', { sectionId: 'licence', revision: 1, quote: { ...quote, text: 'q'.repeat(1001) } }, GuidelineErrorCode.InvalidContent, 'anchor.quote.text'],
        ['context over 300 characters', { sectionId: 'licence', revision: 1, quote: { ...quote, before: 'b'.repeat(301) } }, GuidelineErrorCode.InvalidContent, 'anchor.quote.before'],
        ['a negative offset', { sectionId: 'licence', revision: 1, quote: { ...quote, offset: -1 } }, GuidelineErrorCode.InvalidContent, 'anchor.quote.offset'],
      ])('refuses an anchor to %s, naming the field', (_, anchor, code, field) =>
        spec.given([drafted]).when(commentOn(anchor)).thenFailsWith(code, (error) => expect(error.details).toMatchObject({ field })));

      it('refuses a blank or over-long comment, a reused id, and an anonymous caller', () => {
        spec.given([drafted]).when(commentOn(undefined, ' ')).thenFailsWith(GuidelineErrorCode.InvalidContent, (error) => expect(error.details).toMatchObject({ field: 'text' }));
        spec.given([drafted]).when(commentOn(undefined, 'c'.repeat(5001))).thenFailsWith(GuidelineErrorCode.InvalidContent, (error) => expect(error.details).toMatchObject({ field: 'text' }));
        spec.given([drafted, commented]).when(commentOn()).thenFailsWith(GuidelineErrorCode.CommentExists);
        spec.given([drafted]).when(commentOn(undefined, undefined, 'c-1', null)).thenFailsWith(GuidelineErrorCode.PersonRequired);
      });

      it('takes replies to a comment, with ids of their own', () => {
        const replied = event('GuidelineCommentReplied', { commentId: 'c-1', replyId: 'r-1', repliedBy: 'author', text: 'CC BY 4.0' });
        spec.given([drafted, commented]).when(command('ReplyToGuidelineComment', { commentId: 'c-1', replyId: 'r-1', text: 'CC BY 4.0' })).then([replied]);
        spec.given([drafted]).when(command('ReplyToGuidelineComment', { commentId: 'c-1', replyId: 'r-1', text: 'x' })).thenFailsWith(GuidelineErrorCode.CommentNotFound);
        spec.given([drafted, commented, replied]).when(command('ReplyToGuidelineComment', { commentId: 'c-1', replyId: 'r-1', text: 'x' })).thenFailsWith(GuidelineErrorCode.CommentExists);
        spec.given([drafted, commented, replied]).when(commentOn(undefined, undefined, 'r-1')).thenFailsWith(GuidelineErrorCode.CommentExists);
      });

      it('is resolved by its commenter or an author, once', () => {
        const resolved = event('GuidelineCommentResolved', { commentId: 'c-1', resolvedBy: 'author' });
        spec.given([drafted, commented]).when(command('ResolveGuidelineComment', { commentId: 'c-1' })).then([resolved]);
        spec.given([drafted, commented]).when(command('ResolveGuidelineComment', { commentId: 'c-1' }, 'reader')).then([{ ...resolved, data: { ...resolved.data, resolvedBy: 'reader' } }]);
        spec.given([drafted, commented]).when(command('ResolveGuidelineComment', { commentId: 'c-1' }, 'stranger')).thenFailsWith(GuidelineErrorCode.AuthorRequired);
        spec.given([drafted, commented, resolved]).when(command('ResolveGuidelineComment', { commentId: 'c-1' })).thenNothingHappens();
        spec.given([drafted]).when(command('ResolveGuidelineComment', { commentId: 'c-9' })).thenFailsWith(GuidelineErrorCode.CommentNotFound);
      });
    });

    describe('evidence', () => {
      const cite = (study = caseStudy(), note: string | null = null, sectionId = 'formats', actorId = 'author') => command('CiteEvidence', { sectionId, caseStudy: study, note }, actorId);

      it('cites a published case study for a section, pinned to its revision', () => {
        spec.given([drafted]).when(cite()).then([cited]);
        expect(fold([drafted, cited]).evidence).toEqual([{ sectionId: 'formats', caseStudyId: 'cs-1', caseStudyRevision: 4 }]);
      });

      it('refuses to cite an unpublished or archived case study', () => {
        spec.given([drafted]).when(cite(caseStudy('SUBMITTED'))).thenFailsWith(GuidelineErrorCode.CaseStudyNotPublished, (error) => expect(error.details).toMatchObject({ caseStudyId: 'cs-1', status: 'SUBMITTED' }));
        spec.given([drafted]).when(cite(caseStudy('ARCHIVED'))).thenFailsWith(GuidelineErrorCode.CaseStudyNotPublished);
      });

      it('re-pins a citation to a newer revision, and takes the same pin again as no change', () => {
        spec.given([drafted, cited]).when(cite(caseStudy('PUBLISHED', 7), 'Figures updated')).then([event('GuidelineEvidenceCited', { sectionId: 'formats', caseStudyId: 'cs-1', caseStudyRevision: 7, citedBy: 'author', note: 'Figures updated' })]);
        spec.given([drafted, cited]).when(cite()).thenNothingHappens();
      });

      it.each([
        ['an unknown section', cite(undefined, null, 'nowhere'), GuidelineErrorCode.SectionNotFound],
        ['a negative case study revision', cite(caseStudy('PUBLISHED', -1)), GuidelineErrorCode.InvalidContent],
        ['a note over 1,000 characters', cite(undefined, 'n'.repeat(1001)), GuidelineErrorCode.InvalidContent],
        ['a citation by a non-author', cite(undefined, null, 'formats', 'stranger'), GuidelineErrorCode.AuthorRequired],
      ])('refuses %s', (_, cmd, code) => spec.given([drafted]).when(cmd).thenFailsWith(code));

      it('withdraws a citation; a section removed takes its citations with it', () => {
        const withdrawn = event('GuidelineEvidenceWithdrawn', { sectionId: 'formats', caseStudyId: 'cs-1', withdrawnBy: 'author' });
        spec.given([drafted, cited]).when(command('WithdrawEvidence', { sectionId: 'formats', caseStudyId: 'cs-1' })).then([withdrawn]);
        spec.given([drafted, cited, withdrawn]).when(command('WithdrawEvidence', { sectionId: 'formats', caseStudyId: 'cs-1' })).thenFailsWith(GuidelineErrorCode.EvidenceNotCited);
        const removal = event('GuidelineEdited', { editedBy: 'author', revision: 2, changes: [{ kind: 'REMOVE', sectionId: 'formats' }], changeNote: 'Out', amendment: null });
        expect(fold([drafted, cited, removal]).evidence).toEqual([]);
      });
    });

    it('cannot be amended before it is published or in review', () => spec.given([drafted]).when(proposal()).thenFailsWith(GuidelineErrorCode.WrongStatus));

    it('cannot be published before a review approves it', () => {
      spec.given([drafted]).when(publish()).thenFailsWith(GuidelineErrorCode.NotApproved);
      spec.given([drafted, reviewRequested()]).when(publish()).thenFailsWith(GuidelineErrorCode.NotApproved);
    });

    it('cannot be reviewed before a review is requested', () => spec.given([drafted]).when(review('APPROVE')).thenFailsWith(GuidelineErrorCode.WrongStatus));

    it('cannot be superseded (a draft is withdrawn instead)', () => spec.given([drafted]).when(command('SupersedeGuideline', { successorId: 'g-2' })).thenFailsWith(GuidelineErrorCode.WrongStatus));

    it('is sent to review by an author, once', () => {
      spec.given([drafted]).when(command('RequestGuidelineReview', {})).then([reviewRequested()]);
      spec.given([drafted, reviewRequested()]).when(command('RequestGuidelineReview', {})).thenFailsWith(GuidelineErrorCode.WrongStatus);
      spec.given([drafted]).when(command('RequestGuidelineReview', {}, 'stranger')).thenFailsWith(GuidelineErrorCode.AuthorRequired);
    });
  });

  describe('in review', () => {
    const inReview = [drafted, coAuthorAdded, reviewRequested()];

    it('is approved by a REVIEWER, for the text revision it reviewed', () => spec.given(inReview).when(review('APPROVE')).then([approved()]));

    it('gets changes requested, with a comment saying which', () => {
      spec.given(inReview).when(review('REQUEST_CHANGES', 'rev', ' Cite a source ')).then([event('GuidelineReviewed', { reviewedBy: 'rev', revision: 1, decision: 'REQUEST_CHANGES', comment: 'Cite a source' })]);
      spec.given(inReview).when(review('REQUEST_CHANGES', 'rev', ' ')).thenFailsWith(GuidelineErrorCode.InvalidContent, (error) => expect(error.details).toMatchObject({ field: 'comment' }));
    });

    describe('four eyes', () => {
      it('refuses an author approving their own text, and a co-author', () => {
        spec.given(inReview).when(review('APPROVE', 'author', null, ['REVIEWER', 'POLICY_AUTHOR'])).thenFailsWith(GuidelineErrorCode.ReviewOfOwnWork);
        spec.given(inReview).when(review('APPROVE', 'coauthor', null, ['REVIEWER', 'POLICY_AUTHOR'])).thenFailsWith(GuidelineErrorCode.ReviewOfOwnWork);
      });

      it('refuses a former author, and the proposer of an accepted amendment, whose text it still holds', () => {
        const formerAuthor = [drafted, coAuthorAdded, event('GuidelineAuthorRemoved', { accountId: 'coauthor', removedBy: 'author' }), reviewRequested()];
        spec.given(formerAuthor).when(review('APPROVE', 'coauthor')).thenFailsWith(GuidelineErrorCode.ReviewOfOwnWork);
        const amended = [
          ...publishedHistory,
          proposed,
          event('GuidelineAmendmentAccepted', { amendmentId: 'a-1', acceptedBy: 'author' }),
          event('GuidelineEdited', { editedBy: 'author', revision: 2, changes: proposed.data.changes, changeNote: 'Name the licence', amendment: { amendmentId: 'a-1', proposedBy: 'citizen' } }),
          reviewRequested(2),
        ];
        spec.given(amended).when(review('APPROVE', 'citizen')).thenFailsWith(GuidelineErrorCode.ReviewOfOwnWork);
      });

      it('refuses a reviewer without the REVIEWER role, an anonymous caller and an API key', () => {
        spec.given(inReview).when(review('APPROVE', 'admin', null, ['ADMIN'])).thenFailsWith(GuidelineErrorCode.ReviewerRoleRequired);
        spec.given(inReview).when({ ...review('APPROVE'), metadata: at(null) }).thenFailsWith(GuidelineErrorCode.ReviewerRoleRequired);
        spec.given(inReview).when({ ...review('APPROVE'), metadata: at('rev', { apiKeyId: 'key-1' }) }).thenFailsWith(GuidelineErrorCode.PersonRequired);
      });
    });

    it('takes amendments from anyone signed in', () => spec.given(inReview).when(proposal()).then([proposed]));

    it('is published by an author as 1.0 once approved, with who approved it', () => {
      spec.given([...inReview, approved()]).when(publish()).then([published10]);
      expect(fold([...inReview, approved(), published10])).toMatchObject({ status: 'PUBLISHED', latestVersion: { major: 1, minor: 0, revision: 1 } });
    });

    it.each([
      ['a MINOR first version', publish('MINOR'), GuidelineErrorCode.InvalidContent],
      ['a blank change summary', publish('MAJOR', ' '), GuidelineErrorCode.InvalidContent],
      ['a change summary over 2,000 characters', publish('MAJOR', 's'.repeat(2001)), GuidelineErrorCode.InvalidContent],
      ['publication by a non-author', { ...publish(), metadata: at('rev') }, GuidelineErrorCode.AuthorRequired],
    ])('refuses %s', (_, cmd, code) => spec.given([...inReview, approved()]).when(cmd).thenFailsWith(code));

    it('refuses to publish a text sent back with changes requested', () =>
      spec
        .given([...inReview, event('GuidelineReviewed', { reviewedBy: 'rev', revision: 1, decision: 'REQUEST_CHANGES', comment: 'Cite a source' })])
        .when(publish())
        .thenFailsWith(GuidelineErrorCode.NotApproved));

    it('refuses to publish a revision edited since its approval', () =>
      spec
        .given([...inReview, approved(), edited])
        .when(publish())
        .thenFailsWith(GuidelineErrorCode.EditedSinceApproval, (error) => expect(error.details).toEqual({ guidelineId, approvedRevision: 1, revision: 2 })));

    it('cannot go back to review before the requested changes are made, nor once approved', () => {
      const sentBack = [...inReview, event('GuidelineReviewed', { reviewedBy: 'rev', revision: 1, decision: 'REQUEST_CHANGES', comment: 'Heading' })];
      spec.given(sentBack).when(command('RequestGuidelineReview', {})).thenFailsWith(GuidelineErrorCode.WrongStatus, (error) => expect(error.details).toMatchObject({ status: 'CHANGES_REQUESTED' }));
      spec.given([...inReview, approved()]).when(command('RequestGuidelineReview', {})).thenFailsWith(GuidelineErrorCode.WrongStatus, (error) => expect(error.details).toMatchObject({ status: 'APPROVED' }));
    });

    it('approves the text as it is when reviewed, an amendment accepted during the review included', () => {
      const amendedInReview = [
        ...inReview,
        proposed,
        event('GuidelineAmendmentAccepted', { amendmentId: 'a-1', acceptedBy: 'author' }),
        event('GuidelineEdited', { editedBy: 'author', revision: 2, changes: proposed.data.changes, changeNote: 'Name the licence', amendment: { amendmentId: 'a-1', proposedBy: 'citizen' } }),
      ];
      spec.given(amendedInReview).when(review('APPROVE')).then([approved(2)]);
      spec.given([...amendedInReview, approved(2)]).when(publish()).then([{ ...published10, data: { ...published10.data, revision: 2 } }]);
    });

    it('goes back to review after changes are requested and made', () => {
      const sentBack = [...inReview, event('GuidelineReviewed', { reviewedBy: 'rev', revision: 1, decision: 'REQUEST_CHANGES', comment: 'Heading' }), edited];
      spec.given(sentBack).when(command('RequestGuidelineReview', {})).then([reviewRequested(2)]);
      spec.given([...sentBack, reviewRequested(2)]).when(review('APPROVE')).then([approved(2)]);
      spec.given([...sentBack, reviewRequested(2), approved(2)]).when(publish()).then([{ ...published10, data: { ...published10.data, revision: 2 } }]);
    });
  });

  describe('when published', () => {
    it('keeps the working text editing beside the published version', () => {
      spec.given(publishedHistory).when(edit([retitleScope])).then([edited]);
      expect(fold([...publishedHistory, edited])).toMatchObject({ status: 'PUBLISHED', revision: 2, latestVersion: { revision: 1 } });
    });

    it('publishes 1.1 (MINOR) and 2.0 (MAJOR) after a new approval', () => {
      const again = [...publishedHistory, edited, reviewRequested(2), approved(2)];
      spec.given(again).when(publish('MINOR', 'Clearer scope')).then([event('GuidelineVersionPublished', { major: 1, minor: 1, kind: 'MINOR', revision: 2, changeSummary: 'Clearer scope', approvedBy: 'rev', publishedBy: 'author' })]);
      spec.given(again).when(publish('MAJOR', 'New scope')).then([event('GuidelineVersionPublished', { major: 2, minor: 0, kind: 'MAJOR', revision: 2, changeSummary: 'New scope', approvedBy: 'rev', publishedBy: 'author' })]);
    });

    it('refuses to publish or review the same revision again', () => {
      spec.given(publishedHistory).when(publish('MINOR', 'Again')).thenFailsWith(GuidelineErrorCode.NothingToPublish);
      spec.given(publishedHistory).when(command('RequestGuidelineReview', {})).thenFailsWith(GuidelineErrorCode.NothingToPublish);
    });

    it('refuses to publish an approved revision edited since (the previous approval does not carry over)', () =>
      spec.given([...publishedHistory, edited]).when(publish('MINOR', 'Sneaky')).thenFailsWith(GuidelineErrorCode.EditedSinceApproval));

    describe('amendments', () => {
      const acceptedEvents = [
        event('GuidelineAmendmentAccepted', { amendmentId: 'a-1', acceptedBy: 'author' }),
        event('GuidelineEdited', { editedBy: 'author', revision: 2, changes: proposed.data.changes, changeNote: 'Name the licence', amendment: { amendmentId: 'a-1', proposedBy: 'citizen' } }),
      ];

      it('takes a proposal from anyone signed in, with its rationale', () => spec.given(publishedHistory).when(proposal()).then([proposed]));

      it.each([
        ['a proposal that changes nothing', proposal([{ kind: 'RETITLE', sectionId: 'scope', heading: 'Scope' }]), GuidelineErrorCode.InvalidContent],
        ['a proposal on an unknown section', proposal([{ kind: 'REMOVE', sectionId: 'nowhere' }]), GuidelineErrorCode.SectionNotFound],
        ['a blank rationale', { ...proposal(), data: { ...proposal().data, rationale: ' ' } }, GuidelineErrorCode.InvalidContent],
        ['an anonymous proposal', { ...proposal(), metadata: at(null) }, GuidelineErrorCode.PersonRequired],
      ])('refuses %s', (_, cmd, code) => spec.given(publishedHistory).when(cmd).thenFailsWith(code));

      it('refuses a second proposal with the same id', () => spec.given([...publishedHistory, proposed]).when(proposal()).thenFailsWith(GuidelineErrorCode.AmendmentExists));

      it('is accepted by an author as an edit that credits the proposer', () => {
        spec.given([...publishedHistory, proposed]).when(command('AcceptGuidelineAmendment', { amendmentId: 'a-1' })).then(acceptedEvents);
        const state = fold([...publishedHistory, proposed, ...acceptedEvents]);
        expect(state.content.sections[1].body).toBe('Publish the data under CC BY 4.0.');
        // Decided: only what "already decided" needs stays in the state (and its snapshots), not the changes.
        expect(state.amendments['a-1']).toEqual({ amendmentId: 'a-1', status: 'ACCEPTED' });
        expect(state.contributors).toContain('citizen');
      });

      it('cannot be accepted twice, nor rejected once accepted', () => {
        spec.given([...publishedHistory, proposed, ...acceptedEvents]).when(command('AcceptGuidelineAmendment', { amendmentId: 'a-1' })).thenFailsWith(GuidelineErrorCode.AmendmentAlreadyDecided);
        spec.given([...publishedHistory, proposed, ...acceptedEvents]).when(command('RejectGuidelineAmendment', { amendmentId: 'a-1', reason: 'No' })).thenFailsWith(GuidelineErrorCode.AmendmentAlreadyDecided);
      });

      it('is accepted or rejected only by an author', () => {
        spec.given([...publishedHistory, proposed]).when(command('AcceptGuidelineAmendment', { amendmentId: 'a-1' }, 'citizen')).thenFailsWith(GuidelineErrorCode.AuthorRequired);
        spec.given([...publishedHistory, proposed]).when(command('RejectGuidelineAmendment', { amendmentId: 'a-1', reason: 'No' }, 'citizen')).thenFailsWith(GuidelineErrorCode.AuthorRequired);
      });

      it('is rejected with a reason, and then cannot be accepted', () => {
        const rejected = event('GuidelineAmendmentRejected', { amendmentId: 'a-1', rejectedBy: 'author', reason: 'The licence is set by law' });
        spec.given([...publishedHistory, proposed]).when(command('RejectGuidelineAmendment', { amendmentId: 'a-1', reason: ' The licence is set by law ' })).then([rejected]);
        spec.given([...publishedHistory, proposed]).when(command('RejectGuidelineAmendment', { amendmentId: 'a-1', reason: '' })).thenFailsWith(GuidelineErrorCode.InvalidContent);
        spec.given([...publishedHistory, proposed, rejected]).when(command('AcceptGuidelineAmendment', { amendmentId: 'a-1' })).thenFailsWith(GuidelineErrorCode.AmendmentAlreadyDecided);
      });

      it('refuses an unknown amendment', () => spec.given(publishedHistory).when(command('AcceptGuidelineAmendment', { amendmentId: 'a-9' })).thenFailsWith(GuidelineErrorCode.AmendmentNotFound));

      it('refuses an amendment whose section was removed since it was proposed', () => {
        const removal = event('GuidelineEdited', { editedBy: 'author', revision: 2, changes: [{ kind: 'REMOVE', sectionId: 'licence' }], changeNote: 'Out', amendment: null });
        spec
          .given([...publishedHistory, proposed, removal])
          .when(command('AcceptGuidelineAmendment', { amendmentId: 'a-1' }))
          .thenFailsWith(GuidelineErrorCode.AmendmentNoLongerApplies, (error) => expect(error.details).toMatchObject({ field: 'changes[0].sectionId' }));
      });

      it('is accepted without an edit when the text already says what it proposes', () => {
        const sameEdit = event('GuidelineEdited', { editedBy: 'author', revision: 2, changes: proposed.data.changes, changeNote: 'Same idea', amendment: null });
        spec.given([...publishedHistory, proposed, sameEdit]).when(command('AcceptGuidelineAmendment', { amendmentId: 'a-1' })).then([acceptedEvents[0]]);
      });
    });

    it('is superseded by another guideline, by an author', () => {
      const superseded = event('GuidelineSuperseded', { successorId: 'g-2', supersededBy: 'author' });
      spec.given(publishedHistory).when(command('SupersedeGuideline', { successorId: 'g-2' })).then([superseded]);
      expect(fold([...publishedHistory, superseded])).toMatchObject({ status: 'SUPERSEDED', successorId: 'g-2' });
      spec.given(publishedHistory).when(command('SupersedeGuideline', { successorId: guidelineId })).thenFailsWith(GuidelineErrorCode.InvalidContent, (error) => expect(error.details).toMatchObject({ field: 'successorId' }));
      spec.given(publishedHistory).when(command('SupersedeGuideline', { successorId: 'g-2' }, 'stranger')).thenFailsWith(GuidelineErrorCode.AuthorRequired);
    });

    it('is withdrawn with a reason, by an author', () => {
      spec.given(publishedHistory).when(command('WithdrawGuideline', { reason: ' Replaced by national law ' })).then([event('GuidelineWithdrawn', { withdrawnBy: 'author', reason: 'Replaced by national law' })]);
      spec.given(publishedHistory).when(command('WithdrawGuideline', { reason: ' ' })).thenFailsWith(GuidelineErrorCode.InvalidContent, (error) => expect(error.details).toMatchObject({ field: 'reason' }));
      spec.given(publishedHistory).when(command('WithdrawGuideline', { reason: 'x' }, 'stranger')).thenFailsWith(GuidelineErrorCode.AuthorRequired);
    });
  });

  describe.each([
    ['withdrawn', event('GuidelineWithdrawn', { withdrawnBy: 'author', reason: 'Replaced by national law' })],
    ['superseded', event('GuidelineSuperseded', { successorId: 'g-2', supersededBy: 'author' })],
  ])('when %s', (_, ending) => {
    const ended = [...publishedHistory, proposed, commented, ending];
    it.each([
      ['edited', edit([retitleScope])],
      ['given an author', command('AddGuidelineAuthor', { accountId: 'x', roles: ['POLICY_AUTHOR'] })],
      ['commented on', commentOn(undefined, undefined, 'c-2')],
      ['replied to', command('ReplyToGuidelineComment', { commentId: 'c-1', replyId: 'r-1', text: 'x' })],
      ['amended', proposal(undefined, 'a-2')],
      ['amended by acceptance', command('AcceptGuidelineAmendment', { amendmentId: 'a-1' })],
      ['given evidence', command('CiteEvidence', { sectionId: 'scope', caseStudy: caseStudy(), note: null })],
      ['sent to review', command('RequestGuidelineReview', {})],
      ['published', publish('MINOR', 'x')],
      ['withdrawn', command('WithdrawGuideline', { reason: 'again' })],
      ['superseded', command('SupersedeGuideline', { successorId: 'g-3' })],
      ['left by an author', command('RemoveGuidelineAuthor', { accountId: 'author' })],
      ['have a comment resolved', command('ResolveGuidelineComment', { commentId: 'c-1' })],
      ['have an amendment rejected', command('RejectGuidelineAmendment', { amendmentId: 'a-1', reason: 'Too late' })],
      ['have evidence withdrawn', command('WithdrawEvidence', { sectionId: 'formats', caseStudyId: 'cs-1' })],
      ['reviewed', review('APPROVE')],
    ])('cannot be %s', (__, cmd) => spec.given(ended).when(cmd).thenFailsWith(GuidelineErrorCode.WrongStatus));
  });

  it('folds to a state that survives JSON (what a snapshot would keep)', () => {
    const state = fold([...publishedHistory, proposed, commented, cited, edited]);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});
