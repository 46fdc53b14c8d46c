import { logOut } from '../api/client.js';
import type { SessionInfo } from '../api/types.js';
import { useApi } from '../hooks/use-api.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/zh-CN.js';

const items: Array<{ key: MessageKey; hash: string; match: string; icon: string; testId: string }> = [
  { key: 'nav.overview', hash: '#/', match: '', icon: '◧', testId: 'nav-overview' },
  { key: 'nav.records', hash: '#/records', match: 'records', icon: '☰', testId: 'nav-records' },
  { key: 'nav.editor', hash: '#/new', match: 'new', icon: '✚', testId: 'nav-editor' },
  { key: 'nav.catalog', hash: '#/catalog', match: 'catalog', icon: '⌘', testId: 'nav-catalog' },
  { key: 'nav.audit', hash: '#/audit', match: 'audit', icon: '⎘', testId: 'nav-audit' },
];

/** Left navigation with the product name, who is logged in, log out and the language switch. */
export function Sidebar({ section }: { section: string }) {
  const { t, lang, setLang } = useI18n();
  const session = useApi<SessionInfo>('/api/session');
  return (
    <nav className="sidebar">
      <div className="brand">
        <span className="brand-mark">桥</span>
        <div>
          <div className="brand-name">qiao</div>
          <div className="brand-sub">{t('app.subtitle')}</div>
        </div>
      </div>
      <ul>
        {items.map((item) => (
          <li key={item.key}>
            <a
              href={item.hash}
              className={section === item.match || (item.match === '' && section === 'schemes') ? 'active' : ''}
              data-testid={item.testId}
            >
              <span className="nav-icon">{item.icon}</span>
              {t(item.key)}
            </a>
          </li>
        ))}
      </ul>
      {session.data && (
        <div className="session-box" data-testid="session-who">
          {t('session.who', { name: session.data.name, role: session.data.role })}
          <button type="button" className="lang-toggle" onClick={() => void logOut()} data-testid="logout">
            {t('session.logout')}
          </button>
        </div>
      )}
      <button
        type="button"
        className="lang-toggle"
        onClick={() => setLang(lang === 'zh-CN' ? 'en' : 'zh-CN')}
        data-testid="lang-toggle"
      >
        {t('lang.toggle')}
      </button>
    </nav>
  );
}
