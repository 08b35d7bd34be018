import { Logger, Module } from '@nestjs/common';
import { Query, Resolver } from '@nestjs/graphql';
import { describeEachProfile } from './support/profiles';
import { codesOf, startTestApp, type TestApp } from './support/test-app';

// A root field that fails the way a bug would, added by this spec only.
@Resolver()
class FailingResolver {
  @Query(() => String)
  failUnexpectedly(): string {
    throw new Error('disk on fire');
  }
}

@Module({ providers: [FailingResolver] })
class FailingModule {}

describeEachProfile('What operators read about failed operations (HTTP)', (profile) => {
  let api: TestApp;
  let errors: jest.SpyInstance;
  let warnings: jest.SpyInstance;

  beforeAll(async () => {
    api = await startTestApp(profile, {}, [FailingModule]);
  });
  afterAll(() => api.close());
  beforeEach(() => {
    errors = jest.spyOn(Logger.prototype, 'error');
    warnings = jest.spyOn(Logger.prototype, 'warn');
  });
  afterEach(() => jest.restoreAllMocks());

  const post = async (body: object, correlationId: string) => {
    const response = await fetch(`${api.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-correlation-id': correlationId }, body: JSON.stringify(body) });
    return (await response.json()) as { errors?: Array<{ message: string; extensions?: { code?: string } }> };
  };

  it('logs an unexpected error once, with the request correlation id, while the client sees only a masked error', async () => {
    const response = await post({ query: '{ failUnexpectedly }' }, 'trace-unexpected-1');
    expect(response.errors).toEqual([expect.objectContaining({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } })]);
    expect(errors).toHaveBeenCalledTimes(1);
    expect(errors.mock.calls[0][0]).toMatchObject({ correlationId: 'trace-unexpected-1', path: ['failUnexpectedly'], error: expect.objectContaining({ message: 'disk on fire' }) });
  });

  it('does not log a client mistake: bad input, an unknown id, a refused caller', async () => {
    const badInput = await post({ query: 'mutation($input: SignUpInput!) { signUp(input: $input) { token } }', variables: { input: { name: 'x', email: 'not an e-mail', password: 'short' } } }, 'trace-client-1');
    expect(codesOf(badInput as never)).toEqual(['BAD_USER_INPUT']);
    const unknown = await post({ query: '{ organisation(id: "00000000-0000-7000-8000-000000000000") { id } }' }, 'trace-client-2');
    expect(unknown.errors ?? []).toEqual([]);
    const refused = await post({ query: 'mutation { registerOrganisation(input: { name: "Refused", type: MUNICIPALITY, country: "KZ", city: "Almaty" }) { organisation { id } } }' }, 'trace-client-3');
    expect(codesOf(refused as never)).toEqual(['UNAUTHENTICATED']);
    expect(errors).not.toHaveBeenCalled();
    expect(warnings).not.toHaveBeenCalled();
  });
});
