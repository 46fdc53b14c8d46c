import { query } from '../../api/client.js';
import type { RecordSummary } from '../../api/types.js';
import { Card } from '../../components/card.js';
import { StateView } from '../../components/state-view.js';
import { useApi } from '../../hooks/use-api.js';
import { useI18n } from '../../i18n/i18n.js';
import { fromLocalInput } from '../../lib/format.js';
import { href, navigate } from '../../lib/router.js';
import { RecordDrawer } from './record-drawer.js';
import { RecordsFilter, type RecordsFilterValue } from './records-filter.js';
import { RecordsTable } from './records-table.js';

const PAGE_SIZE = 50;

function filterFrom(q: URLSearchParams): RecordsFilterValue {
  return {
    schemeId: q.get('schemeId') ?? '',
    status: q.get('status') ?? '',
    key: q.get('key') ?? '',
    from: q.get('from') ?? '',
    to: q.get('to') ?? '',
  };
}

/** 数据记录: searchable ledger table; the filter lives in the URL so links and reloads keep it. */
export function RecordsPage({
  query: routeQuery,
  open,
}: {
  query: URLSearchParams;
  open: { schemeId: string; key: string } | null;
}) {
  const { t } = useI18n();
  const filter = filterFrom(routeQuery);
  const offset = Number(routeQuery.get('offset') ?? 0) || 0;
  const params = { ...filter, offset: offset ? String(offset) : undefined };
  const list = useApi<{ records: RecordSummary[]; total: number }>(
    `/api/records${query({
      schemeId: filter.schemeId,
      status: filter.status,
      key: filter.key,
      from: fromLocalInput(filter.from),
      to: fromLocalInput(filter.to),
      limit: PAGE_SIZE,
      offset,
    })}`,
    10_000,
  );
  const base = open ? ['records', open.schemeId, open.key] : ['records'];

  return (
    <div className="page" data-testid="page-records">
      <header className="page-head">
        <h1>{t('records.title')}</h1>
      </header>
      <RecordsFilter value={filter} onChange={(next) => navigate(href(['records'], { ...next }).slice(1))} />
      <Card
        title={t('common.total', { n: list.data?.total ?? 0 })}
        actions={
          <div className="row gap">
            <button
              type="button"
              className="btn btn-ghost"
              disabled={offset === 0}
              onClick={() =>
                navigate(href(base, { ...params, offset: String(Math.max(0, offset - PAGE_SIZE)) }).slice(1))
              }
              data-testid="page-prev"
            >
              {t('common.prev')}
            </button>
            <button
              type="button"
              className="btn btn-ghost"
              disabled={offset + PAGE_SIZE >= (list.data?.total ?? 0)}
              onClick={() => navigate(href(base, { ...params, offset: String(offset + PAGE_SIZE) }).slice(1))}
              data-testid="page-next"
            >
              {t('common.next')}
            </button>
          </div>
        }
      >
        <StateView loading={list.loading && !list.data} error={list.data ? null : list.error}>
          <RecordsTable
            records={list.data?.records ?? []}
            linkFor={(r) => href(['records', r.schemeId, r.key], params)}
          />
        </StateView>
      </Card>
      {open && (
        <RecordDrawer
          schemeId={open.schemeId}
          recordKey={open.key}
          onClose={() => navigate(href(['records'], params).slice(1))}
          onChanged={list.reload}
        />
      )}
    </div>
  );
}
