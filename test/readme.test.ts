import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../src/app/config/load-config.js';
import { formatIssue } from '../src/scheme/load-scheme.js';

/** The README must stay true: its qiao.yaml example has to load with the real config loader. */
describe('README', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

  it('its qiao.yaml example validates', () => {
    const block = /```yaml\n(connections:[\s\S]*?)```/.exec(readme)?.[1];
    expect(block, 'README has a qiao.yaml example').toBeDefined();
    const result = parseConfigText(block!, 'README.md', {
      KINGDEE_APP_SECRET: 'x'.repeat(20),
      OKKI_CLIENT_SECRET: 'y'.repeat(20),
      WECOM_ROBOT_URL: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc',
      QIAO_TOKEN_GRAFANA: 'g'.repeat(24),
    });
    expect(result.ok ? [] : result.issues.map(formatIssue)).toEqual([]);
  });

  it('names only npm scripts that exist', () => {
    const scripts = Object.keys(
      JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).scripts as Record<string, string>,
    );
    for (const [, name] of readme.matchAll(/npm run ([\w:-]+)/g)) expect(scripts).toContain(name);
  });

  it('its architecture section and docs/architecture.md name exactly the layers in src/', () => {
    const layers = readdirSync(new URL('../src/', import.meta.url), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    const section = readme.slice(readme.indexOf('## Architecture'), readme.indexOf('## Tests and benchmarks'));
    const named = [...section.matchAll(/^src\/([a-z-]+)/gm)].map((m) => m[1]).sort();
    expect(named).toEqual(layers);
    const doc = readFileSync(new URL('../docs/architecture.md', import.meta.url), 'utf8');
    for (const layer of layers) expect(doc, `docs/architecture.md names src/${layer}`).toContain(`src/${layer}`);
    for (const vendor of readdirSync(new URL('../src/connectors/', import.meta.url), { withFileTypes: true }).filter(
      (d) => d.isDirectory() && d.name !== 'simulator-kit',
    )) {
      expect(section, `README names the ${vendor.name}/ connector folder`).toContain(`${vendor.name}/`);
    }
  });
});
