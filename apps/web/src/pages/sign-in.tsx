import { useState } from 'preact/hooks';
import { request, setToken } from '../api';
import { SignInDocument, SignUpDocument } from '../graphql/generated';
import { useI18n } from '../i18n';
import { navigate } from '../router';
import { ErrorNote } from './common';

export interface Account {
  id: string;
  name?: string | null;
  email?: string | null;
  roles: string[];
}

/** Sign in and sign up side by side; the API's own messages are shown as they come. */
export function SignInPage({ onSignedIn }: { onSignedIn(account: Account): void }) {
  const i18n = useI18n();
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = (kind: 'in' | 'up') => async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const field = (name: string) => String(form.get(name) ?? '');
    setBusy(true);
    setError(null);
    try {
      const payload =
        kind === 'in'
          ? (await request(SignInDocument, { input: { email: field('email'), password: field('password') } })).signIn
          : (await request(SignUpDocument, { input: { name: field('name'), email: field('email'), password: field('password') } })).signUp;
      setToken(payload.token);
      onSignedIn(payload.account);
      navigate('/');
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="sign-in">
      {error && <ErrorNote error={error} />}
      <div class="two-columns">
        <form onSubmit={submit('in')} aria-labelledby="sign-in-heading">
          <h1 id="sign-in-heading">{i18n.t('signInHeading')}</h1>
          <label for="in-email">{i18n.t('email')}</label>
          <input id="in-email" name="email" type="email" autoComplete="username" required />
          <label for="in-password">{i18n.t('password')}</label>
          <input id="in-password" name="password" type="password" autoComplete="current-password" required />
          <button type="submit" disabled={busy}>
            {i18n.t('signInButton')}
          </button>
        </form>
        <form onSubmit={submit('up')} aria-labelledby="sign-up-heading">
          <h2 id="sign-up-heading">{i18n.t('signUpHeading')}</h2>
          <label for="up-name">{i18n.t('name')}</label>
          <input id="up-name" name="name" autoComplete="name" required />
          <label for="up-email">{i18n.t('email')}</label>
          <input id="up-email" name="email" type="email" autoComplete="email" required />
          <label for="up-password">{i18n.t('password')}</label>
          <input id="up-password" name="password" type="password" autoComplete="new-password" aria-describedby="up-password-help" required />
          <small id="up-password-help">{i18n.t('passwordHelp')}</small>
          <button type="submit" disabled={busy}>
            {i18n.t('signUpButton')}
          </button>
        </form>
      </div>
    </div>
  );
}
