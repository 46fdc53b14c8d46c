import { Card } from '../../components/card.js';
import { useI18n } from '../../i18n/i18n.js';
import type { StepProps } from './step-props.js';
import { IssueText, issuesAt } from './issue-text.js';

function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

type Kind = 'manual' | 'cron' | 'interval';

/** ③ 方案设置: schedule (传递时间), retries (重试次数), enabled (是否启动), preconditions (前置条件). */
export function SettingsStep({ data, update, issues }: StepProps) {
  const { t } = useI18n();
  const settings = obj(data.settings);
  const schedule = obj(settings.schedule);
  const kind: Kind =
    typeof schedule.cron === 'string' ? 'cron' : typeof schedule.intervalSeconds === 'number' ? 'interval' : 'manual';
  const retry = obj(settings.retry);
  const cursor = obj(obj(data.source).cursor);
  const preconditions = Array.isArray(settings.preconditions) ? settings.preconditions.map(String) : [];

  const setKind = (next: Kind): void => {
    update(
      ['settings', 'schedule'],
      next === 'cron' ? { cron: '*/5 * * * *' } : next === 'interval' ? { intervalSeconds: 300 } : { manual: true },
    );
  };

  return (
    <Card title={t('scheme.step3')} testId="editor-step-settings">
      <div className="form-grid">
        <label className="field">
          <span>{t('scheme.schedule')}</span>
          <select
            className="input"
            value={kind}
            onChange={(e) => setKind(e.target.value as Kind)}
            data-testid="field-schedule-kind"
          >
            <option value="manual">{t('editor.schedule.manual')}</option>
            <option value="cron">{t('editor.schedule.cron')}</option>
            <option value="interval">{t('editor.schedule.interval')}</option>
          </select>
        </label>
        {kind === 'cron' && (
          <label className="field">
            <span>{t('editor.cron')}</span>
            <input
              className="input mono"
              value={String(schedule.cron)}
              onChange={(e) => update(['settings', 'schedule', 'cron'], e.target.value)}
              data-testid="field-cron"
            />
            <small className="muted">{t('editor.cronHelp')}</small>
          </label>
        )}
        {kind === 'interval' && (
          <label className="field">
            <span>intervalSeconds</span>
            <input
              className="input"
              type="number"
              min={10}
              value={Number(schedule.intervalSeconds)}
              onChange={(e) => update(['settings', 'schedule', 'intervalSeconds'], Number(e.target.value))}
              data-testid="field-interval"
            />
          </label>
        )}
        <label className="field">
          <span>
            {t('scheme.retries')} · {t('editor.attempts')}
          </span>
          <input
            className="input"
            type="number"
            min={1}
            max={100}
            value={typeof retry.attempts === 'number' ? retry.attempts : ''}
            placeholder="5"
            onChange={(e) =>
              update(['settings', 'retry', 'attempts'], e.target.value === '' ? undefined : Number(e.target.value))
            }
            data-testid="field-attempts"
          />
          <IssueText issues={issuesAt(issues, 'settings.retry')} />
        </label>
        <label className="field checkbox">
          <input
            type="checkbox"
            checked={data.enabled !== false}
            onChange={(e) => update(['enabled'], e.target.checked)}
            data-testid="field-enabled"
          />
          <span>{t('scheme.isEnabled')}</span>
        </label>
        <label className="field">
          <span>
            {t('scheme.preconditions')} · {t('editor.preconditions')}
          </span>
          <input
            className="input mono"
            key={preconditions.join(',')}
            defaultValue={preconditions.join(', ')}
            onBlur={(e) =>
              update(
                ['settings', 'preconditions'],
                e.target.value
                  .split(',')
                  .map((s) => s.trim())
                  .filter(Boolean),
              )
            }
            data-testid="field-preconditions"
          />
          <IssueText issues={issuesAt(issues, 'settings.preconditions')} />
        </label>
        {'start' in cursor && (
          <label className="field">
            <span>{t('scheme.cursor')} · start</span>
            <input
              className="input mono"
              value={String(cursor.start ?? '')}
              onChange={(e) => update(['source', 'cursor', 'start'], e.target.value)}
              data-testid="field-cursor-start"
            />
            <IssueText issues={issuesAt(issues, 'source.cursor')} />
          </label>
        )}
      </div>
      <IssueText issues={issuesAt(issues, 'settings.schedule')} />
    </Card>
  );
}
