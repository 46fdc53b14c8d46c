import { useMemo } from 'react';
import type { TimeBucket } from '../../api/types.js';
import { Card } from '../../components/card.js';
import { EChart, type ChartOption } from '../../components/echart.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatBucket } from '../../lib/format.js';

const COLORS = { read: '#94a3b8', pushed: '#16a34a', failed: '#dc2626', skipped: '#d97706' };

function lineOption(
  buckets: TimeBucket[],
  series: Array<{ name: string; key: keyof typeof COLORS; type: 'line' | 'bar' }>,
): ChartOption {
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: { color: '#475569' } },
    grid: { left: 40, right: 16, top: 32, bottom: 28 },
    xAxis: { type: 'category', data: buckets.map((b) => formatBucket(b.at)), axisLabel: { color: '#64748b' } },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: '#64748b' },
      splitLine: { lineStyle: { color: '#e2e8f0' } },
    },
    series: series.map((s) => ({
      name: s.name,
      type: s.type,
      data: buckets.map((b) => b[s.key]),
      showSymbol: false,
      itemStyle: { color: COLORS[s.key] },
      areaStyle: s.key === 'pushed' ? { opacity: 0.12 } : undefined,
      stack: s.type === 'bar' ? 'problems' : undefined,
    })),
  };
}

/** Throughput and failures over the last 24 hours, from GET /api/stats/timeseries. */
export function TimeseriesCharts({ buckets }: { buckets: TimeBucket[] }) {
  const { t } = useI18n();
  const throughput = useMemo(
    () =>
      lineOption(buckets, [
        { name: t('overview.series.read'), key: 'read', type: 'line' },
        { name: t('overview.series.pushed'), key: 'pushed', type: 'line' },
      ]),
    [buckets, t],
  );
  const failures = useMemo(
    () =>
      lineOption(buckets, [
        { name: t('overview.series.failed'), key: 'failed', type: 'bar' },
        { name: t('overview.series.skipped'), key: 'skipped', type: 'bar' },
      ]),
    [buckets, t],
  );
  return (
    <div className="grid-2">
      <Card title={t('overview.chart.throughput')} testId="chart-throughput">
        <EChart option={throughput} />
      </Card>
      <Card title={t('overview.chart.failures')} testId="chart-failures">
        <EChart option={failures} />
      </Card>
    </div>
  );
}
