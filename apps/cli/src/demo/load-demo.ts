import { AccountsService } from '@sce/auth';
import { caseStudyDecider, caseStudyStreamId, draftContent, REVIEWER_ROLE, type DraftCaseStudyInput } from '@sce/case-studies';
import type { Infrastructure } from '@sce/composition';
import { CommandHandler, IdempotencyKeyReusedError, type Command, type CommandMetadata, type Decider, type Event } from '@sce/event-sourcing';
import { organisationDecider, organisationStreamId } from '@sce/organisations';
import { partnershipDecider, partnershipStreamId } from '@sce/partnerships';
import { randomBytes } from 'node:crypto';
import { validated } from '../import-case-studies';
import { demoDataset, type DemoDataset, type DemoStage } from './demo-dataset';

/** What one run of the demo did: counts of what it created (0 everywhere on a second run) and the accounts. */
export interface DemoReport {
  created: { accounts: number; organisations: number; partnerships: number; caseStudies: number };
  /**
   * Commands an earlier version of the dataset issued with other data (same idempotency key): what was
   * loaded then is kept, and this run goes on. Loading into a fresh DATA_DIR gives the current dataset.
   */
  keptFromEarlierVersion: number;
  caseStudies: Record<DemoStage, number>;
  /** Published case studies per language. */
  publishedByLanguage: Record<string, number>;
  /** `password` only for an account this run created: it is shown once and stored nowhere but as a hash. */
  accounts: { email: string; name: string; roles: string[]; organisation: string | null; password?: string }[];
  /** The log's head once every projection (the search index too) has caught up with it. */
  position: number;
}

export interface DemoOptions {
  /** One password for every new demo account (SCE_DEMO_PASSWORD); otherwise each gets a random one. */
  password?: string;
  /** How long to wait for the projections and the search index to catch up. */
  catchUpTimeoutMs?: number;
  /** The dataset to load; the generated one by default. */
  dataset?: DemoDataset;
}

const generatedPassword = () => randomBytes(12).toString('base64url');

/**
 * Loads the generated demo dataset through the same commands the API issues (sign-up, deciders, the
 * four-eyes review), each with an idempotency key derived from the dataset: a second run replays them and
 * stores nothing. Then runs the projections until the read models and the search index include it all.
 */
export async function loadDemo(infra: Infrastructure, options: DemoOptions = {}): Promise<DemoReport> {
  const dataset = options.dataset ?? demoDataset();
  const handler = new CommandHandler(infra.store);
  const accounts = new AccountsService(infra.readModels, infra.gate, (decider, streamId, command) => handler.handle(decider, streamId, command));
  const correlationId = `cli-demo-${Date.now()}`;
  const metadata = (actorId: string | null, idempotencyKey: string): CommandMetadata => ({ now: new Date(), actorId, correlationId, idempotencyKey: `demo:${idempotencyKey}` });
  const report: DemoReport = { created: { accounts: 0, organisations: 0, partnerships: 0, caseStudies: 0 }, keptFromEarlierVersion: 0, caseStudies: { PUBLISHED: 0, DRAFT: 0, SUBMITTED: 0 }, publishedByLanguage: {}, accounts: [], position: 0 };
  /** Runs one command; true when it stored events (false: an earlier run did). */
  const run = async <State, C extends Command, E extends Event>(decider: Decider<State, C, E>, streamId: string, command: C) => {
    try {
      return (await handler.handle(decider, streamId, command)).appendedEvents > 0;
    } catch (error) {
      if (!(error instanceof IdempotencyKeyReusedError)) throw error;
      report.keptFromEarlierVersion += 1;
      return false;
    }
  };

  // Every record is checked before anything is written: a bad one must not leave accounts whose passwords were never shown.
  const inputs = new Map<string, DraftCaseStudyInput>();
  for (const caseStudy of dataset.caseStudies) {
    // Validated exactly as the API and the import validate a draftCaseStudy input.
    const input = await validated(caseStudy.input, dataset.organisations.find((organisation) => organisation.key === caseStudy.organisation)!.id);
    if (typeof input === 'string') throw new Error(`demo case study ${caseStudy.key} is not a valid draft: ${input}`);
    inputs.set(caseStudy.key, input);
  }

  const accountIds = new Map<string, string>();
  for (const account of dataset.accounts) {
    const existed = (await accounts.findPersonByEmail(account.email)) !== null;
    const password = options.password ?? generatedPassword();
    const { accountId } = await accounts.signUp({ name: account.name, email: account.email, password }, metadata(null, `account:${account.key}`), account.roles);
    accountIds.set(account.key, accountId);
    if (!existed) report.created.accounts += 1;
    const organisation = dataset.organisations.find((candidate) => candidate.owner === account.key || candidate.members.some((member) => member.account === account.key));
    report.accounts.push({ email: account.email, name: account.name, roles: account.roles, organisation: organisation?.name ?? null, ...(existed ? {} : { password }) });
  }
  const accountId = (key: string) => accountIds.get(key)!;
  const organisations = new Map(dataset.organisations.map((organisation) => [organisation.key, organisation]));
  const ownerOf = (organisationKey: string) => accountId(organisations.get(organisationKey)!.owner);

  for (const organisation of dataset.organisations) {
    const { id: organisationId, key, name, type, country, city, website, description } = organisation;
    const streamId = organisationStreamId(organisationId);
    const owner = accountId(organisation.owner);
    if (await run(organisationDecider, streamId, { type: 'RegisterOrganisation', data: { organisationId, founderAccountId: owner, name, type, country, city, website, description }, metadata: metadata(owner, `organisation:${key}`) })) report.created.organisations += 1;
    for (const member of organisation.members) {
      await run(organisationDecider, streamId, { type: 'AddOrganisationMember', data: { organisationId, accountId: accountId(member.account), role: member.role }, metadata: metadata(owner, `organisation:${key}:member:${member.account}`) });
    }
    await run(organisationDecider, streamId, { type: 'VerifyOrganisation', data: { organisationId }, metadata: metadata(accountId('admin'), `organisation:${key}:verify`) });
  }

  for (const partnership of dataset.partnerships) {
    const { id: partnershipId, key, title, objectives, sectors, countries, startsOn, endsOn } = partnership;
    const streamId = partnershipStreamId(partnershipId);
    const lead = organisations.get(partnership.lead)!;
    const leadOwner = ownerOf(lead.key);
    const proposed = await run(partnershipDecider, streamId, {
      type: 'ProposePartnership',
      data: { partnershipId, leadOrganisationId: lead.id, title, objectives, sectors, countries, startsOn, endsOn },
      metadata: metadata(leadOwner, `partnership:${key}`),
    });
    if (proposed) report.created.partnerships += 1;
    for (const partner of partnership.partners) {
      const organisationId = organisations.get(partner.organisation)!.id;
      await run(partnershipDecider, streamId, { type: 'InvitePartner', data: { partnershipId, organisationId, role: partner.role }, metadata: metadata(leadOwner, `partnership:${key}:invite:${partner.organisation}`) });
      await run(partnershipDecider, streamId, { type: 'RespondToPartnershipInvitation', data: { partnershipId, organisationId, accept: true }, metadata: metadata(ownerOf(partner.organisation), `partnership:${key}:accept:${partner.organisation}`) });
    }
    await run(partnershipDecider, streamId, { type: 'ActivatePartnership', data: { partnershipId }, metadata: metadata(leadOwner, `partnership:${key}:activate`) });
  }

  const reviewer = accountId('reviewer');
  for (const caseStudy of dataset.caseStudies) {
    const organisation = organisations.get(caseStudy.organisation)!;
    const input = inputs.get(caseStudy.key)!;
    const { id: caseStudyId, key } = caseStudy;
    const streamId = caseStudyStreamId(caseStudyId);
    const author = ownerOf(organisation.key);
    if (await run(caseStudyDecider, streamId, { type: 'DraftCaseStudy', data: { caseStudyId, organisationId: organisation.id, content: draftContent(input) }, metadata: metadata(author, `case-study:${key}`) })) report.created.caseStudies += 1;
    if (caseStudy.partnership) {
      const partnershipId = dataset.partnerships.find((partnership) => partnership.key === caseStudy.partnership)!.id;
      await run(caseStudyDecider, streamId, { type: 'LinkCaseStudyToPartnership', data: { caseStudyId, partnershipId }, metadata: metadata(author, `case-study:${key}:link`) });
    }
    if (caseStudy.stage !== 'DRAFT') await run(caseStudyDecider, streamId, { type: 'SubmitCaseStudy', data: { caseStudyId }, metadata: metadata(author, `case-study:${key}:submit`) });
    if (caseStudy.stage === 'PUBLISHED') {
      // Four eyes: the demo reviewer belongs to no organisation and wrote none of them.
      await run(caseStudyDecider, streamId, {
        type: 'ReviewCaseStudy',
        data: { caseStudyId, decision: 'APPROVE', comments: [], reviewer: { roles: [REVIEWER_ROLE], memberOf: [] } },
        metadata: metadata(reviewer, `case-study:${key}:approve`),
      });
    }
    report.caseStudies[caseStudy.stage] += 1;
    if (caseStudy.stage === 'PUBLISHED') report.publishedByLanguage[input.language] = (report.publishedByLanguage[input.language] ?? 0) + 1;
  }

  // A newcomer's first `npm start` then finds everything listed and searchable at once.
  report.position = await infra.store.headPosition();
  infra.startProjections();
  const names = [...infra.projections.projections, ...infra.projections.sinks].map((projection) => projection.name);
  const deadline = Date.now() + (options.catchUpTimeoutMs ?? 120_000);
  // Short waits, asked again: a wait that begins while the runner is still loading its checkpoints is only
  // woken by a later event, and when the log holds nothing new none comes.
  while (!(await infra.projections.waitFor(report.position, 500, names))) {
    if (Date.now() > deadline) throw new Error(`the projections did not catch up with position ${report.position} in time: see npm run cli -- projections:status`);
  }
  return report;
}
