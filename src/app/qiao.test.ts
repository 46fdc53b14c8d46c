import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { silentLogger } from '../core/logger.js';
import type { LoadedConfig } from './config/load-config.js';
import { openQiao } from './qiao.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'qiao-open-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function config(alerts: unknown): LoadedConfig {
  return {
    connections: {},
    store: 'sqlite::memory:',
    schemesDir: 'schemes',
    api: { host: '127.0.0.1', port: 0 },
    alerts,
    logLevel: 'error',
    baseDir: dir,
    file: null,
    secrets: [],
  } as unknown as LoadedConfig;
}

describe('openQiao', () => {
  it('names the bad alerts field before opening anything', async () => {
    const error = await openQiao(config([{ type: 'no_success_for', channels: [] }]), { logger: silentLogger }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('alerts.0.minutes');
    expect((error as ConfigError).message).toContain('alerts.0.channels');
  });

  it('attaches alerts and metrics to the engine it opens', async () => {
    const qiao = await openQiao(
      config([{ type: 'run_failed', channels: [{ type: 'webhook', url: 'http://127.0.0.1:9/alert' }] }]),
      { logger: silentLogger, defaultMetrics: false },
    );
    try {
      expect(qiao.alerts.listRules().map((r) => r.type)).toEqual(['run_failed']);
      expect(qiao.engine.events.listenerCount('run.finished')).toBeGreaterThan(0);
      expect(await qiao.metrics.render()).toContain('qiao_');
    } finally {
      await qiao.close();
    }
    expect(qiao.engine.events.listenerCount('run.finished')).toBe(0);
  });
});
