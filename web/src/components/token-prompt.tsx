import { useState } from 'react';
import { logIn } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';

/** A pasted login link (…/login#<code>) gives its code; anything else is taken as an API token. */
function credentialOf(text: string): { code: string } | { token: string } {
  const link = /\/login#(\S+)$/.exec(text);
  return link ? { code: link[1]! } : { token: text };
}

/**
 * Shown after a 401 (or a failed login link): takes an API token or a login link and exchanges
 * it for a session; the token itself is never stored in the browser.
 */
export function TokenPrompt({ onDone, initialError }: { onDone: () => void; initialError?: string | null }) {
  const { t } = useI18n();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(initialError ?? null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="modal-wrap">
      <form
        className="modal"
        data-testid="token-prompt"
        onSubmit={(event) => {
          event.preventDefault();
          const text = value.trim();
          if (!text || busy) return;
          setBusy(true);
          logIn(credentialOf(text))
            .then(() => onDone())
            .catch((caught: unknown) => setError(caught instanceof Error ? caught.message : String(caught)))
            .finally(() => setBusy(false));
        }}
      >
        <h2>{t('token.title')}</h2>
        <p className="muted">{t('token.help')}</p>
        {error && (
          <div className="alert alert-error" data-testid="token-error">
            {error}
          </div>
        )}
        <input
          className="input"
          type="password"
          autoComplete="off"
          autoFocus
          value={value}
          placeholder={t('token.placeholder')}
          onChange={(e) => setValue(e.target.value)}
          data-testid="token-input"
        />
        <div className="row-end">
          <button className="btn btn-primary" type="submit" disabled={busy} data-testid="token-submit">
            {t('token.submit')}
          </button>
        </div>
      </form>
    </div>
  );
}
