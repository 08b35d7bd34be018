import { ApiError } from '../api';
import { useI18n } from '../i18n';

export function ErrorNote({ error }: { error: Error }) {
  const i18n = useI18n();
  return (
    <p class="error" role="alert">
      {i18n.t('error', { message: error.message })}
      {error instanceof ApiError ? ` (${error.code})` : ''}
    </p>
  );
}

export function Loading() {
  const i18n = useI18n();
  return <p class="note" aria-live="polite">{i18n.t('loading')}</p>;
}

export function NotFound() {
  const i18n = useI18n();
  return <p class="note">{i18n.t('notFound')}</p>;
}

/** What a page shows before its query has answered: the error, or that it is loading; null once there is data. */
export function notReady(state: { error?: Error; loading: boolean; data?: unknown }) {
  if (state.error) return <ErrorNote error={state.error} />;
  if (state.loading && !state.data) return <Loading />;
  return null;
}
