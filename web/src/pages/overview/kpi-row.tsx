import type { SchemeSummary } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n.js';

/** Four headline numbers summed over all schemes. */
export function KpiRow({ schemes }: { schemes: SchemeSummary[] }) {
  const { t } = useI18n();
  const sum = (pick: (s: SchemeSummary) => number): number => schemes.reduce((total, s) => total + pick(s), 0);
  const kpis = [
    { label: t('overview.kpi.schemes'), value: schemes.length, tone: 'blue', id: 'kpi-schemes' },
    {
      label: t('overview.kpi.succeeded'),
      value: sum((s) => s.counts.succeeded ?? 0),
      tone: 'green',
      id: 'kpi-succeeded',
    },
    {
      label: t('overview.kpi.failed'),
      value: sum((s) => (s.counts.failed ?? 0) + (s.counts.dead ?? 0)),
      tone: 'red',
      id: 'kpi-failed',
    },
    { label: t('overview.kpi.backlog'), value: sum((s) => s.backlog), tone: 'amber', id: 'kpi-backlog' },
  ];
  return (
    <div className="kpis">
      {kpis.map((k) => (
        <div key={k.id} className={`kpi kpi-${k.tone}`} data-testid={k.id}>
          <div className="kpi-label">{k.label}</div>
          <div className="kpi-value">{k.value.toLocaleString()}</div>
        </div>
      ))}
    </div>
  );
}
