import { describeEachProfile } from './support/profiles';
import { startTestApp, type TestApp } from './support/test-app';

// The conventions every mutation and root query follows (ARCHITECTURE.md, "Conventions that every context
// shares"), checked on the schema the app serves, so a new one that forgets them fails here.
const TYPE_REF = `kind name ofType { kind name ofType { kind name } }`;
const INTROSPECTION = `{
  mutation: __type(name: "Mutation") { fields { name args { name type { ${TYPE_REF} } } type { ${TYPE_REF} } } }
  query: __type(name: "Query") { fields { name args { name type { ${TYPE_REF} } } } }
}`;

interface TypeRef {
  kind: string;
  name: string | null;
  ofType?: TypeRef | null;
}
interface FieldInfo {
  name: string;
  args: { name: string; type: TypeRef }[];
  type: TypeRef;
}

const show = (type: TypeRef | null | undefined): string => (!type ? '?' : type.kind === 'NON_NULL' ? `${show(type.ofType)}!` : type.kind === 'LIST' ? `[${show(type.ofType)}]` : type.name!);
const capitalised = (name: string) => name[0].toUpperCase() + name.slice(1);

describeEachProfile('Mutation and query conventions (schema as served)', (profile) => {
  let api: TestApp;
  let mutations: FieldInfo[];
  let queries: FieldInfo[];
  beforeAll(async () => {
    api = await startTestApp(profile);
    const { data } = await api.graphql(INTROSPECTION);
    mutations = data.mutation.fields;
    queries = data.query.fields;
  });
  afterAll(() => api.close());

  it('gives every mutation an optional idempotencyKey: String (signIn too: accepted and ignored, it changes nothing)', () => {
    const lacking = mutations.filter((mutation) => show(mutation.args.find((arg) => arg.name === 'idempotencyKey')?.type) !== 'String').map((mutation) => mutation.name);
    expect(mutations.length).toBeGreaterThanOrEqual(20);
    expect(lacking).toEqual([]);
  });

  it('answers every mutation with its own <Mutation>Payload, holding a position token', async () => {
    const wrong = mutations.filter((mutation) => show(mutation.type) !== `${capitalised(mutation.name)}Payload!`).map((mutation) => `${mutation.name}: ${show(mutation.type)}`);
    expect(wrong).toEqual([]);
    for (const mutation of mutations) {
      const { data } = await api.graphql(`query($name: String!) { __type(name: $name) { fields { name type { ${TYPE_REF} } } } }`, { name: `${capitalised(mutation.name)}Payload` });
      const position = data.__type.fields.find((field: FieldInfo) => field.name === 'position');
      expect([mutation.name, show(position?.type)]).toEqual([mutation.name, 'String!']);
    }
  });

  it('lets every root query require a position: consistency: ConsistencyInput', () => {
    const lacking = queries.filter((query) => show(query.args.find((arg) => arg.name === 'consistency')?.type) !== 'ConsistencyInput').map((query) => query.name);
    expect(queries.map((query) => query.name)).toEqual(expect.arrayContaining(['organisation', 'organisations', 'partnership', 'partnerships', 'partnershipGraph', 'organisationCountsByCountry', 'me', 'myApiKeys']));
    expect(lacking).toEqual([]);
  });
});
