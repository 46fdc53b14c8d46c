import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { logInFromUrl } from './api/client.js';
import { App } from './app.js';
import { I18nProvider } from './i18n/i18n.js';
import './styles.css';

document.documentElement.lang = window.localStorage.getItem('qiao.lang') === 'en' ? 'en' : 'zh-CN';

// A login link (/login#code) is exchanged for a session before the first API call.
void logInFromUrl().then((loginError) =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <I18nProvider>
        <App loginError={loginError?.message ?? null} />
      </I18nProvider>
    </StrictMode>,
  ),
);
