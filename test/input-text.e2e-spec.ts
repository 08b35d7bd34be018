import { describeEachProfile } from './support/profiles';
import { REGISTER_ORGANISATION, anOrganisation } from './support/organisations.graphql';
import { codesOf, createAccount, startTestApp, type TestApp } from './support/test-app';

describeEachProfile('Control characters at the input boundary (HTTP)', (profile) => {
  let api: TestApp;
  let token: string;

  beforeAll(async () => {
    api = await startTestApp(profile);
    token = (await createAccount(api, 'Typist')).token;
  });
  afterAll(() => api.close());

  it.each([
    ['a NUL in a name', { name: 'Bad\u0000Name' }, 'input.name'],
    ['an escape sequence in a city', { city: 'Tbilisi\u001b[31m' }, 'input.city'],
    ['a line break in a name', { name: 'Two\nLines' }, 'input.name'],
    ['a C1 control in a description', { description: 'Text\u0085more' }, 'input.description'],
  ])('refuses %s with BAD_USER_INPUT naming the field, and stores nothing', async (_, overrides, field) => {
    const response = await api.as(token).graphql(REGISTER_ORGANISATION, { input: anOrganisation(overrides) });
    expect(codesOf(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors![0].extensions!.violations).toEqual([{ field, messages: [expect.stringMatching(/control characters/)] }]);
    expect(response.data?.registerOrganisation ?? null).toBeNull();
  });

  it('keeps tab and line breaks in long texts', async () => {
    const description = 'First line\n\tindented second line\r\nthird';
    const response = await api.as(token).graphql(REGISTER_ORGANISATION, { input: anOrganisation({ name: 'Multi-line org', description }) });
    expect(response.errors).toBeUndefined();
    expect(response.data.registerOrganisation.organisation.description).toBe(description);
  });

  it('checks arguments outside inputs too', async () => {
    expect(codesOf(await api.graphql(`query($id: ID!) { organisation(id: $id) { id } }`, { id: 'x\u0000y' }))).toEqual(['BAD_USER_INPUT']);
  });
});
