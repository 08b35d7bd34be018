import { ConfigError, loadConfig, type AppConfig } from '@sce/config';
import { AccountsService, accountDecider, accountStreamId } from '@sce/auth';
import { createInfrastructure, DataDirectoryInUseError, type Infrastructure } from '@sce/composition';
import { CommandHandler, newId } from '@sce/event-sourcing';
import type { RecordedEvent } from '@sce/event-sourcing';
import type { ParkedEvent } from '@sce/projections';
import { SingleBar, Presets } from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import { importCaseStudies, readRecords } from './import-case-studies';
import { organisationStreamId } from '@sce/organisations';
import { loadDemo, type DemoReport } from './demo/load-demo';

/** The import ran to the end but refused some records (reported above): exit code 1, no stack. */
class SomeRecordsRefused extends Error {}

export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
  /** Progress bars only make sense on a terminal. */
  interactive: boolean;
}

const processOutput: CliOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  interactive: Boolean(process.stderr.isTTY),
};

const positiveInteger = (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number');
  return Number(value);
};

/** Admin commands over the same configuration as the API (DATA_DIR, drivers...). */
export function buildCli(output: CliOutput = processOutput, env: NodeJS.ProcessEnv = process.env): Command {
  const program = new Command('sce').description('Smart Cities Exchange administration').exitOverride();
  program.configureOutput({ writeOut: (text) => output.out(text.trimEnd()), writeErr: (text) => output.err(text.trimEnd()) });
  const withInfrastructure = async <T>(work: (infra: Infrastructure, config: AppConfig) => Promise<T>, runMigrations = true): Promise<T> => {
    const config = loadConfig(env);
    const infra = await createInfrastructure(config, { runMigrations });
    try {
      return await work(infra, config);
    } finally {
      await infra.close();
    }
  };

  program
    .command('migrate')
    .description('Create or upgrade the event store and read-model schemas')
    .action(() =>
      withInfrastructure(async (infra, config) => {
        const applied = await infra.readModels.query('SELECT name FROM read_model_migrations ORDER BY id');
        output.out(`event store and read models are up to date in ${config.dataDir}`);
        for (const row of applied as { name: string }[]) output.out(`  applied ${row.name}`);
      }),
    );

  program
    .command('projections:rebuild')
    .argument('[name]', 'one projection; all when left out')
    .description('Empty a projection\'s tables and replay the whole log into them')
    .option('--beside-live', 'build new tables beside the live ones, which keep serving, and swap them in when caught up (blue/green)')
    .action((name: string | undefined, options: { besideLive?: boolean }) =>
      withInfrastructure(async (infra) => {
        // Sinks too: rebuilding the search projection empties the index and refills it from the log.
        const names = name ? [name] : [...infra.projections.projections, ...infra.projections.sinks].map((projection) => projection.name);
        for (const projectionName of names) {
          const bar = output.interactive ? new SingleBar({ format: `${projectionName} [{bar}] {percentage}% | {value}/{total} events | eta {eta}s` }, Presets.shades_classic) : undefined;
          let started = false;
          const startedAt = Date.now();
          const progress = (position: number, head: number) => {
            if (!started) bar?.start(head, 0);
            started = true;
            bar?.update(position);
          };
          if (options.besideLive) await infra.projections.rebuildBesideLive(projectionName, progress);
          else await infra.projections.rebuild(projectionName, progress);
          bar?.stop();
          output.out(`rebuilt ${projectionName} up to position ${await infra.store.headPosition()} in ${Date.now() - startedAt} ms`);
        }
      }),
    );

  program
    .command('projections:status')
    .description('Where each projection stands against the head of the log')
    .action(() =>
      withInfrastructure(async (infra) => {
        const head = await infra.store.headPosition();
        const rows = (await infra.readModels.query('SELECT name, position FROM projection_checkpoints')) as { name: string; position: number }[];
        const stored = new Map(rows.map((row) => [row.name, Number(row.position)]));
        const { parked } = await infra.projections.status();
        output.out(`head ${head}`);
        for (const projection of [...infra.projections.projections, ...infra.projections.sinks]) {
          const position = stored.get(projection.name) ?? 0;
          output.out(`${projection.name}: ${position} (${head - position} behind${parked[projection.name] ? `, ${parked[projection.name]} parked` : ''})`);
        }
      }),
    );

  program
    .command('projections:parked')
    .argument('[name]', 'one projection; all when left out')
    .description('List the events projections set aside after failing on them (see projections:retry-parked)')
    .option('--json', 'one JSON object per line')
    .action((name: string | undefined, options: { json?: boolean }) =>
      withInfrastructure(async (infra) => {
        const parked = await infra.projections.parked(name);
        if (parked.length === 0 && !options.json) output.out('no parked events');
        for (const event of parked) output.out(options.json ? JSON.stringify(event) : formatParked(event));
      }),
    );

  program
    .command('projections:retry-parked')
    .argument('[name]', 'one projection; all when left out')
    .option('--position <position>', 'only the event at this global position', positiveInteger)
    .description('Apply parked events again (after a fix); those that now succeed are no longer parked')
    .action((name: string | undefined, options: { position?: number }) =>
      withInfrastructure(async (infra) => {
        const { applied, stillParked } = await infra.projections.retryParked(name, options.position);
        for (const event of applied) output.out(`applied ${event.projection} ${event.position} ${event.eventType}`);
        for (const event of stillParked) output.out(`still parked ${formatParked(event)}`);
        output.out(`${applied.length} applied, ${stillParked.length} still parked`);
      }),
    );

  program
    .command('accounts:create-admin')
    .description('Create the first admin (or make an existing account an admin). The password is read from SCE_ADMIN_PASSWORD')
    .requiredOption('--email <email>', 'e-mail address to sign in with')
    .requiredOption('--name <name>', 'display name')
    .action((options: { email: string; name: string }) =>
      withInfrastructure(async (infra) => {
        const handler = new CommandHandler(infra.store);
        const accounts = new AccountsService(infra.readModels, infra.gate, (decider, streamId, command) => handler.handle(decider, streamId, command));
        const metadata = { now: new Date(), actorId: null, correlationId: `cli-${newId()}` };
        const existing = await accounts.findPersonByEmail(options.email);
        if (existing) {
          await handler.handle(accountDecider, accountStreamId(existing.accountId), { type: 'GrantPlatformRole', data: { accountId: existing.accountId, role: 'ADMIN' }, metadata });
          output.out(`account ${existing.accountId} (${options.email}) is an admin`);
          return;
        }
        const password = env.SCE_ADMIN_PASSWORD ?? '';
        if (password.length < 10) throw new Error('set SCE_ADMIN_PASSWORD to the new admin\'s password (10 characters or more)');
        const { accountId } = await accounts.signUp({ name: options.name, email: options.email, password }, metadata, ['ADMIN']);
        output.out(`created admin account ${accountId} (${options.email})`);
      }),
    );

  program
    .command('import:case-studies')
    .argument('<file>', 'a JSON array, or a .csv file, of records in the draftCaseStudy input\'s field names (organisationId left out)')
    .requiredOption('--organisation <id>', 'the organisation the case studies are published for')
    .description('Import case studies as PUBLISHED. Bad records are reported by index and skipped; a record imported before is skipped, so a run can be repeated or resumed. Exit code 1 when any record was refused')
    .action((file: string, options: { organisation: string }) =>
      withInfrastructure(async (infra) => {
        const records = readRecords(file);
        // The log, not a read model: the organisation exists if its stream does (no projection lag).
        const organisationExists = async (id: string) => (await infra.store.readStream(organisationStreamId(id), { maxCount: 1 })).length > 0;
        if (!(await organisationExists(options.organisation))) throw new Error(`set --organisation to an existing organisation's id: ${options.organisation} is none`);
        const bar = output.interactive ? new SingleBar({ format: 'import [{bar}] {percentage}% | {value}/{total} records | eta {eta}s' }, Presets.shades_classic) : undefined;
        bar?.start(records.length, 0);
        const report = await importCaseStudies(new CommandHandler(infra.store), records, options.organisation, organisationExists, (done) => bar?.update(done));
        bar?.stop();
        for (const { index, reason } of report.refused) output.err(`#${index}: ${reason}`);
        output.out(`imported ${report.imported}, already imported ${report.alreadyImported}, refused ${report.refused.length}`);
        if (report.refused.length > 0) throw new SomeRecordsRefused(`${report.refused.length} records refused`);
      }),
    );

  program
    .command('demo')
    .description('Load the generated demo dataset (organisations, members, partnerships, case studies in en, fr and ru) and print the demo accounts. Running it again creates nothing new. New accounts get random passwords, shown once, or SCE_DEMO_PASSWORD')
    .action(async () => {
      const config = loadConfig(env);
      const password = env.SCE_DEMO_PASSWORD;
      if (password !== undefined && password.length < 10) throw new Error('set SCE_DEMO_PASSWORD to 10 characters or more, or leave it out for random passwords');
      // It runs the projections: on a SQLite data directory a running server must not run them at the same time.
      const infra = await createInfrastructure(config, { runMigrations: true, exclusive: true });
      try {
        printDemoReport(output, await loadDemo(infra, { password }), config);
      } finally {
        await infra.close();
      }
    });

  program
    .command('events:tail')
    .description('Print the log, oldest first')
    .option('--after <position>', 'start after this global position', positiveInteger, 0)
    .option('--limit <count>', 'stop after this many events (without --follow)', positiveInteger)
    .option('--follow', 'keep printing new events until interrupted')
    .option('--json', 'one JSON object per line, with data and metadata')
    .action((options: { after: number; limit?: number; follow?: boolean; json?: boolean }) =>
      withInfrastructure(async (infra) => {
        const print = (event: RecordedEvent) => output.out(options.json ? JSON.stringify(event) : formatEvent(event));
        if (options.follow) {
          const subscription = infra.store.subscribeToAll({ after: options.after }, async (events) => events.forEach(print));
          await new Promise<void>((resolve) => process.once('SIGINT', resolve));
          await subscription.stop();
          return;
        }
        let after = options.after;
        let printed = 0;
        const limit = options.limit ?? Number.MAX_SAFE_INTEGER;
        while (printed < limit) {
          const events = await infra.store.readAll({ after, maxCount: Math.min(1000, limit - printed) });
          if (events.length === 0) break;
          events.forEach(print);
          printed += events.length;
          after = events[events.length - 1].globalPosition;
        }
      }, false),
    );

  return program;
}

function printDemoReport(output: CliOutput, report: DemoReport, config: AppConfig): void {
  const { created, caseStudies, publishedByLanguage } = report;
  const where = config.eventStore.driver === 'sqlite' ? config.dataDir : `${config.eventStore.driver} (${config.readModels.driver} read models)`;
  output.out(`demo data in ${where}: created ${created.accounts} accounts, ${created.organisations} organisations, ${created.partnerships} partnerships, ${created.caseStudies} case studies (nothing new when 0: it was loaded before)`);
  const languages = Object.entries(publishedByLanguage).map(([language, count]) => `${count} ${language}`).join(', ');
  output.out(`case studies: ${caseStudies.PUBLISHED} published (${languages}), ${caseStudies.DRAFT} draft, ${caseStudies.SUBMITTED} in review; read models and search index up to position ${report.position}`);
  if (report.keptFromEarlierVersion > 0) output.out(`${report.keptFromEarlierVersion} demo changes differ from what an earlier version of the demo loaded here: kept as loaded then (load into a fresh DATA_DIR for the current dataset)`);
  output.out('');
  output.out(`accounts (sign in with the signIn mutation at http://localhost:${config.port}/graphql once npm start runs):`);
  for (const account of report.accounts) {
    const what = [account.roles.join(', '), account.organisation].filter(Boolean).join('; ');
    output.out(`  ${account.email.padEnd(45)} ${account.password ? `password ${account.password}` : 'password unchanged (shown when it was created)'}   ${account.name}${what ? ` (${what})` : ''}`);
  }
  if (report.accounts.some((account) => account.password)) output.out('These passwords are shown this once: note the ones you need.');
  output.out('');
  output.out('mutation { signIn(input: { email: "reviewer@demo.example.org", password: "<its password>" }) { token } }');
  output.out('then send the token as the header  Authorization: Bearer <token>');
}

function formatParked(event: ParkedEvent): string {
  return [event.projection, String(event.position), `${event.streamId}@${event.revision}`, event.eventType, `attempts=${event.attempts}`, `parked ${event.parkedAt}`, event.error].join('  ');
}

function formatEvent(event: RecordedEvent): string {
  return [
    String(event.globalPosition).padStart(8),
    event.metadata.occurredAt,
    `${event.streamId}@${event.streamRevision}`,
    `${event.type}.v${event.schemaVersion}`,
    `actor=${event.metadata.actorId ?? 'anonymous'}`,
  ].join('  ');
}

export async function runCli(argv: string[], output: CliOutput = processOutput, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    await buildCli(output, env).parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof SomeRecordsRefused) return 1;
    const code = (error as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version') return 0;
    if (code?.startsWith('commander.')) return 2;
    // Configuration and usage problems are told plainly; anything else with its stack, for a bug report.
    const known = error instanceof ConfigError || error instanceof DataDirectoryInUseError || (error instanceof Error && /^set [A-Z_]+ |^set --/.test(error.message));
    output.err(known ? (error as Error).message : String((error as Error).stack ?? error));
    return 1;
  }
}
