import { useEffect, useState } from 'react';
import { UNAUTHORIZED_EVENT } from './api/client.js';
import { NoticeProvider } from './components/notice.js';
import { Sidebar } from './components/sidebar.js';
import { TokenPrompt } from './components/token-prompt.js';
import { useI18n } from './i18n/i18n.js';
import { useRoute } from './lib/router.js';
import { AuditPage } from './pages/audit/audit-page.js';
import { CatalogPage } from './pages/catalog/catalog-page.js';
import { EditorPage } from './pages/editor/editor-page.js';
import { OverviewPage } from './pages/overview/overview-page.js';
import { RecordsPage } from './pages/records/records-page.js';
import { SchemePage } from './pages/scheme/scheme-page.js';

function Page() {
  const route = useRoute();
  const [section, a, b] = route.segments;
  if (section === 'schemes' && a && b === 'edit') return <EditorPage key={`edit-${a}`} schemeId={a} />;
  if (section === 'schemes' && a) return <SchemePage key={a} schemeId={a} />;
  if (section === 'new') return <EditorPage key="new" schemeId={null} />;
  if (section === 'records') return <RecordsPage query={route.query} open={a && b ? { schemeId: a, key: b } : null} />;
  if (section === 'catalog') return <CatalogPage />;
  if (section === 'audit') return <AuditPage />;
  return <OverviewPage />;
}

/** Layout, routing and the login prompt; `generation` remounts pages after a new login. */
export function App({ loginError = null }: { loginError?: string | null }) {
  const route = useRoute();
  const { lang } = useI18n();
  const [needToken, setNeedToken] = useState(loginError !== null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const onUnauthorized = (): void => setNeedToken(true);
    window.addEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
  }, []);

  return (
    <NoticeProvider>
      <div className="layout" data-lang={lang}>
        <Sidebar key={generation} section={route.segments[0] ?? ''} />
        <main className="main" key={generation}>
          <Page />
        </main>
      </div>
      {needToken && (
        <TokenPrompt
          initialError={loginError}
          onDone={() => {
            setNeedToken(false);
            setGeneration((n) => n + 1);
          }}
        />
      )}
    </NoticeProvider>
  );
}
