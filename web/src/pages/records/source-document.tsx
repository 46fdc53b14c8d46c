import { useApi } from '../../hooks/use-api.js';
import { findOperation, labelMap, useCatalog } from '../../hooks/use-catalog.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatValue } from '../../lib/format.js';
import { schemeView } from '../../lib/scheme-shape.js';
import { seg } from '../../api/client.js';
import type { SchemeDetail } from '../../api/types.js';

type Row = Record<string, unknown>;

function isRowArray(value: unknown): value is Row[] {
  return (
    Array.isArray(value) && value.length > 0 && value.every((v) => v && typeof v === 'object' && !Array.isArray(v))
  );
}

/** Splits a grouped document into header fields and its lines array (whatever `linesAs` named it). */
export function splitDocument(source: unknown): {
  header: Array<[string, unknown]>;
  linesName: string | null;
  lines: Row[];
} {
  if (!source || typeof source !== 'object' || Array.isArray(source)) return { header: [], linesName: null, lines: [] };
  const entries = Object.entries(source as Row);
  const linesEntry = entries.find(([, v]) => isRowArray(v));
  return {
    header: entries.filter(([k]) => k !== linesEntry?.[0]),
    linesName: linesEntry?.[0] ?? null,
    lines: linesEntry ? (linesEntry[1] as Row[]) : [],
  };
}

/** The source document as an ERP user knows it: header fields with Chinese labels, then the lines. */
export function SourceDocument({ source, schemeId }: { source: unknown; schemeId: string }) {
  const { t } = useI18n();
  const catalog = useCatalog();
  const scheme = useApi<SchemeDetail>(`/api/schemes/${seg(schemeId)}`);
  const view = scheme.data ? schemeView(scheme.data.scheme) : null;
  const labels = labelMap(
    findOperation(catalog, view?.source.connection, view?.source.api, view?.source.params.FormId),
  );
  const { header, linesName, lines } = splitDocument(source);
  const columns = [...new Set(lines.flatMap((l) => Object.keys(l)))];
  const label = (k: string): string => labels.get(k) ?? k;
  return (
    <div data-testid="record-source">
      <h4>{t('record.header')}</h4>
      <div className="kv-grid">
        {header.map(([k, v]) => (
          <div key={k} className="kv-cell">
            <div className="muted small" title={k}>
              {label(k)}
            </div>
            <div className="mono small wrap">{formatValue(v)}</div>
          </div>
        ))}
      </div>
      {lines.length > 0 && (
        <>
          <h4>
            {t('record.lines')} · {linesName} · {lines.length}
          </h4>
          <div className="scroll-x">
            <table className="table compact" data-testid="record-lines">
              <thead>
                <tr>
                  {columns.map((c) => (
                    <th key={c} title={c}>
                      {label(c)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {lines.map((line, i) => (
                  <tr key={i}>
                    {columns.map((c) => (
                      <td key={c} className="mono small">
                        {formatValue(line[c])}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
