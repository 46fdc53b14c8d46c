import type { SchemeSummary, TimeBucket } from '../../api/types.js';
import { Card } from '../../components/card.js';
import { StateView } from '../../components/state-view.js';
import { useApi } from '../../hooks/use-api.js';
import { useI18n } from '../../i18n/i18n.js';
import { KpiRow } from './kpi-row.js';
import { SchemeTable } from './scheme-table.js';
import { TimeseriesCharts } from './timeseries-charts.js';

/** Auto-refresh period of the overview (milliseconds). */
export const OVERVIEW_REFRESH_MS = 5000;

/** 总览: every scheme with its health, plus throughput and failure charts. */
export function OverviewPage() {
  const { t } = useI18n();
  const schemes = useApi<SchemeSummary[]>('/api/schemes', OVERVIEW_REFRESH_MS);
  const stats = useApi<{ buckets: TimeBucket[] }>(
    '/api/stats/timeseries?hours=24&bucketMinutes=60',
    OVERVIEW_REFRESH_MS,
  );
  return (
    <div className="page" data-testid="page-overview">
      <header className="page-head">
        <h1>{t('overview.title')}</h1>
        <span className="muted small">{t('common.autoRefresh', { s: OVERVIEW_REFRESH_MS / 1000 })}</span>
      </header>
      <StateView loading={schemes.loading && !schemes.data} error={schemes.data ? null : schemes.error}>
        <KpiRow schemes={schemes.data ?? []} />
        <TimeseriesCharts buckets={stats.data?.buckets ?? []} />
        <Card title={t('overview.schemes')}>
          <SchemeTable schemes={schemes.data ?? []} />
        </Card>
      </StateView>
    </div>
  );
}
