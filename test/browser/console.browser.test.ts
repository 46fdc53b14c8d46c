import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole, chromiumAvailable, launchChromium } from './console-harness.js';
import { startConsoleDemo, type ConsoleDemo } from './console-demo.js';

const hasChromium = chromiumAvailable();
/** QIAO_SCREENSHOTS=1 refreshes docs/screenshots; otherwise they go to the temp dir (same code path, clean tree). */
const refreshDocs = process.env.QIAO_SCREENSHOTS === '1';

/**
 * The operations console end to end: both simulators, the engine and the API in-process (the demo
 * environment), the console built with the real Vite config, driven in Debian's Chromium.
 */
describe.skipIf(!hasChromium)('operations console in Chromium', () => {
  let dir: string;
  let demo: ConsoleDemo;
  let browser: Browser;
  let page: Page;
  let screenshots: string;
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];

  const shot = async (name: string): Promise<void> => {
    await page.waitForTimeout(300); // let ECharts finish its first paint
    // Toasts hidden through the DOM: a <style> injected by `screenshot({ style })` would (rightly) break the CSP.
    const toasts = (hidden: boolean) =>
      page.evaluate((h) => {
        for (const el of document.querySelectorAll<HTMLElement>('.toasts')) el.style.display = h ? 'none' : '';
      }, hidden);
    await toasts(true);
    await page.screenshot({ path: path.join(screenshots, `${name}.png`) });
    await toasts(false);
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'qiao-console-'));
    screenshots = refreshDocs
      ? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots')
      : path.join(dir, 'screenshots');
    await mkdir(screenshots, { recursive: true });
    const webRoot = path.join(dir, 'web');
    // The API serves files from webRoot on request, so building and starting can overlap.
    [demo] = await Promise.all([startConsoleDemo(dir, webRoot), buildConsole(webRoot)]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) cspViolations.push(message.text());
    });
    page.setDefaultTimeout(15_000);
    // The one-time login link, as `qiao start` prints it: the console trades its code for a session.
    await page.goto(demo.loginUrl());
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('logs in with the one-time link and shows every scheme on the overview, in Chinese', async () => {
    await page.getByTestId('scheme-table').waitFor();
    expect(page.url()).toBe(`${demo.url}/#/`);
    // The browser keeps a session, never the API token.
    const stored = await page.evaluate(() => ({ ...localStorage }));
    expect(stored['qiao.session']).toMatch(/^qs_/);
    expect(JSON.stringify(stored)).not.toContain(demo.token);
    expect(await page.getByTestId('session-who').textContent()).toContain('admin');
    await expect.poll(() => page.getByTestId(`scheme-row-${demo.flagshipId}`).count()).toBe(1);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('总览');
    const succeeded = Number(
      (await page.getByTestId('kpi-succeeded').locator('.kpi-value').textContent())?.replace(/,/g, ''),
    );
    expect(succeeded).toBeGreaterThan(0);
    await page.getByTestId('chart-throughput').locator('canvas').waitFor();
    await shot('overview');
  });

  it('switches to English and back, and remembers the choice', async () => {
    await page.getByTestId('lang-toggle').click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Overview');
    await page.reload();
    await page.getByTestId('scheme-table').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Overview');
    await page.getByTestId('lang-toggle').click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('总览');
  });

  it("shows the flagship scheme in the seed's three steps with its run history", async () => {
    await page.getByTestId(`scheme-link-${demo.flagshipId}`).click();
    await page.getByTestId('step-source').waitFor();
    expect(await page.getByTestId('step-source').textContent()).toContain('ExecuteBillQuery');
    expect(await page.getByTestId('step-mapping').textContent()).toContain('order_no');
    await page.getByTestId('run-row').first().waitFor();
    await shot('scheme');
  });

  it('disables and re-enables a scheme, and moves its cursor back to re-sync a period', async () => {
    const state = page.getByTestId('page-scheme').locator('.page-head .badge');
    await page.getByTestId('toggle-enabled').click();
    await expect.poll(() => state.textContent()).toBe('已停用');
    expect((await demo.env.engine.getScheme(demo.flagshipId))?.enabled).toBe(false);
    await page.getByTestId('toggle-enabled').click();
    await expect.poll(() => state.textContent()).toBe('已启动');

    await page.getByTestId('cursor-input').fill('2025-01-01T00:00:00');
    await page.getByTestId('cursor-set').click();
    await expect.poll(() => page.getByTestId('cursor-value').textContent()).toBe('2025-01-01T00:00:00');
    expect((await demo.env.engine.ledger.getCursor(demo.flagshipId))?.value).toBe('2025-01-01T00:00:00');
  });

  it('finds a failed order by its bill number, retries it and sees it succeed', async () => {
    const failed = demo.failedKeys[0];
    await page.goto(`${demo.url}/#/records`);
    await page.getByTestId('records-table').waitFor();
    await shot('records');
    await page.getByTestId('filter-key').fill(failed);
    await page.getByTestId('filter-apply').click();
    await page.getByTestId(`record-row-${failed}`).waitFor();
    expect(await page.locator('[data-testid^="record-row-"]').count()).toBe(1);

    await page.getByTestId(`record-link-${failed}`).click();
    const drawer = page.getByTestId('record-drawer');
    await drawer.getByTestId('record-error').waitFor();
    expect(await drawer.getByTestId('record-source').textContent()).toContain(failed);
    await shot('record-detail');

    demo.endOutage();
    await drawer.getByTestId('record-retry').click();
    await drawer.getByTestId('status-succeeded').waitFor({ timeout: 30_000 });
    expect(await drawer.getByTestId('record-reply').textContent()).not.toBe('—');
    // The order's quantity changed in Kingdee after approval: the diff shows it against the last push.
    expect(await drawer.getByTestId('record-diff').textContent()).toContain('count');
    await drawer.getByTestId('drawer-close').click();
  });

  it('skips another failed order with a reason', async () => {
    const key = demo.failedKeys[1] ?? demo.failedKeys[0];
    await page.goto(`${demo.url}/#/records/${encodeURIComponent(demo.flagshipId)}/${encodeURIComponent(key)}`);
    const drawer = page.getByTestId('record-drawer');
    await drawer.getByTestId('record-skip').click();
    await drawer.getByTestId('skip-reason').fill('客户取消,无需同步');
    await drawer.getByTestId('skip-confirm').click();
    await drawer.getByTestId('status-skipped').waitFor();
    expect((await demo.env.engine.ledger.getRecord(demo.flagshipId, key))?.status).toBe('skipped');
    await drawer.getByTestId('drawer-close').click();
  });

  it('creates a scheme in the editor: a bad expression blocks saving until fixed, then it saves and runs', async () => {
    await page.getByTestId('nav-editor').click();
    await page.getByTestId('copy-from').selectOption(demo.flagshipId);
    await expect.poll(() => page.getByTestId('field-id').inputValue()).toBe(`${demo.flagshipId}-copy`);
    await page.getByTestId('field-name').fill('销售订单副本(控制台测试)');

    const expr = page.getByTestId('expr-name');
    await expr.fill("'订单 ' & ");
    await expect.poll(() => page.getByTestId('validation-status').getAttribute('data-state')).toBe('invalid');
    const issues = await page.getByTestId('validation-issue').allTextContents();
    expect(issues.some((text) => text.includes('mapping.document.name'))).toBe(true);
    await page.getByTestId('mapping-row-name').getByTestId('field-issue').waitFor();
    expect(await page.getByTestId('editor-save').isDisabled()).toBe(true);
    await shot('editor');

    await expr.fill("'副本 ' & FBillNo");
    await expect.poll(() => page.getByTestId('validation-status').getAttribute('data-state')).toBe('valid');
    // The live preview maps a real Kingdee order with the edited expression.
    await expect
      .poll(() => page.getByTestId('preview-payload').textContent(), { timeout: 15_000 })
      .toContain('"name": "副本 XSDD');

    await page.getByTestId('tab-yaml').click();
    expect(await page.getByTestId('yaml-input').inputValue()).toContain("'副本 ' & FBillNo");
    await page.getByTestId('tab-form').click();

    await page.getByTestId('editor-save').click();
    await page.getByTestId('page-scheme').waitFor();
    expect(page.url()).toContain(`#/schemes/${demo.flagshipId}-copy`);
    expect(await page.getByTestId('scheme-name').textContent()).toBe('销售订单副本(控制台测试)');

    await page.getByTestId('run-now').click();
    await page.getByTestId('run-row').first().waitFor({ timeout: 30_000 });
    const run = (await page.getByTestId('run-row').first().textContent()) ?? '';
    expect(run).toMatch(/成功|部分成功/);
  });

  it('browses the API catalog with Chinese labels', async () => {
    await page.getByTestId('nav-catalog').click();
    await page.getByTestId('catalog-detail').waitFor();
    await page.getByTestId('catalog-filter').fill('单据编号');
    expect(await page.getByTestId('catalog-detail').textContent()).toContain('单据编号');
    await shot('catalog');
  });

  it('shows who changed what in the audit log', async () => {
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-table').waitFor();
    const rows = await page.getByTestId('audit-row').allTextContents();
    const flagship = demo.flagshipId;
    for (const action of [`${flagship}/disable`, `${flagship}/enable`, `${flagship}/cursor`, '/skip', '/api/session'])
      expect(
        rows.some((r) => r.includes(action) && r.includes('admin')),
        action,
      ).toBe(true);
    await shot('audit');
  });

  it('asks to log in when the session is gone, and trades a pasted token for a new session', async () => {
    await page.evaluate(() => localStorage.setItem('qiao.session', 'qs_wrong'));
    await page.goto(`${demo.url}/#/`);
    await page.reload();
    await page.getByTestId('token-prompt').waitFor();
    await page.getByTestId('token-input').fill('not-the-token-0123456789');
    await page.getByTestId('token-submit').click();
    await page.getByTestId('token-error').waitFor();
    await page.getByTestId('token-input').fill(demo.token);
    await page.getByTestId('token-submit').click();
    await page.getByTestId('scheme-table').waitFor();
    const session = await page.evaluate(() => localStorage.getItem('qiao.session'));
    expect(session).toMatch(/^qs_/);
    expect(session).not.toBe(demo.token);
  });

  it('refuses a used login link with a clear message, and logs out', async () => {
    const link = demo.loginUrl();
    await page.goto(link);
    await page.getByTestId('scheme-table').waitFor();
    await page.getByTestId('logout').click();
    await page.getByTestId('token-prompt').waitFor();
    expect(await page.evaluate(() => localStorage.getItem('qiao.session'))).toBeNull();
    await page.goto('about:blank');
    await page.goto(link);
    await page.getByTestId('token-error').waitFor();
    expect(await page.getByTestId('token-error').textContent()).toContain('qiao login');
    expect(page.url()).toBe(`${demo.url}/#/`);
  });

  it('raised no uncaught errors and no CSP violations in the page', () => {
    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
