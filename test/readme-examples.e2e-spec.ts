import { Kind, parse } from 'graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeEachProfile } from './support/profiles';
import { startTestApp, type TestApp } from './support/test-app';

// The README's examples are pasted into the IDE by newcomers, so each must work as written.
// Conventions the README follows (and this test enforces):
// - every ```graphql block holds exactly one operation (GraphiQL runs one at a time, and a request with
//   two anonymous operations is refused);
// - blocks run in their README order on one fresh server, as one person: blocks before the first
//   `signUp` run anonymously, every block after it with the token that signUp returned (the README tells
//   the reader to put it in the IDE's Headers tab);
// - no block may depend on ids that only exist on the author's machine: a block answers without errors.
interface Example {
  line: number;
  source: string;
}

function graphqlExamples(markdown: string): Example[] {
  const examples: Example[] = [];
  const lines = markdown.split('\n');
  for (let index = 0; index < lines.length; index++) {
    if (lines[index].trim() !== '```graphql') continue;
    const end = lines.findIndex((line, at) => at > index && line.trim() === '```');
    examples.push({ line: index + 1, source: lines.slice(index + 1, end).join('\n') });
    index = end;
  }
  return examples;
}

const examples = graphqlExamples(readFileSync(join(__dirname, '..', 'README.md'), 'utf8'));

describe('README examples', () => {
  it('finds the examples, a signUp among them', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
    expect(examples.some((example) => /\bsignUp\s*\(/.test(example.source))).toBe(true);
  });

  it.each(examples.map((example) => [example.line, example]))('the block at README line %i holds one operation', (_line, example) => {
    const operations = parse(example.source).definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
    expect(operations).toHaveLength(1);
  });
});

describeEachProfile('README examples, run as written', (profile) => {
  let server: TestApp;
  let token: string | undefined;
  beforeAll(async () => {
    server = await startTestApp(profile);
  });
  afterAll(() => server.close());

  // In README order: a later block may rely on what an earlier one created, as the reader's would.
  it.each(examples.map((example) => [example.line, example]))('the block at README line %i answers without errors', async (_line, example) => {
    const response = await (token ? server.as(token) : server).graphql(example.source);
    expect(response.errors).toBeUndefined();
    expect(response.status).toBe(200);
    expect(response.data).toBeDefined();
    token ??= response.data.signUp?.token;
  });
});
