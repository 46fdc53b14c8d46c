import { useState } from 'react';
import { setToken } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';

/** Shown after a 401: asks for the API token and keeps it in localStorage. */
export function TokenPrompt({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const [value, setValue] = useState('');
  return (
    <div className="modal-wrap">
      <form
        className="modal"
        data-testid="token-prompt"
        onSubmit={(event) => {
          event.preventDefault();
          if (!value.trim()) return;
          setToken(value.trim());
          onDone();
        }}
      >
        <h2>{t('token.title')}</h2>
        <p className="muted">{t('token.help')}</p>
        <input
          className="input"
          type="password"
          autoFocus
          value={value}
          placeholder={t('token.placeholder')}
          onChange={(e) => setValue(e.target.value)}
          data-testid="token-input"
        />
        <div className="row-end">
          <button className="btn btn-primary" type="submit" data-testid="token-submit">
            {t('token.submit')}
          </button>
        </div>
      </form>
    </div>
  );
}
