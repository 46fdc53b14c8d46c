import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { captureTokenFromUrl } from './api/client.js';
import { App } from './app.js';
import { I18nProvider } from './i18n/i18n.js';
import './styles.css';

captureTokenFromUrl();
document.documentElement.lang = window.localStorage.getItem('qiao.lang') === 'en' ? 'en' : 'zh-CN';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <App />
    </I18nProvider>
  </StrictMode>,
);
