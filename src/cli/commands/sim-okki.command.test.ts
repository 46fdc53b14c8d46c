import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startOkkiSimulator, type OkkiSimulator } from '../../connectors/okki/simulator/okki-simulator.js';
import { registerOkkiSim } from './sim-okki.command.js';

function program(): Command {
  const root = new Command().name('qiao').exitOverride();
  registerOkkiSim(root.command('sim'));
  return root;
}

let sim: OkkiSimulator | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await sim?.close();
  sim = undefined;
});

describe('qiao sim okki', () => {
  it('dump prints the orders of a running simulator as JSON', async () => {
    sim = await startOkkiSimulator();
    const tokenReply = await fetch(`${sim.url}/v1/oauth2/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: sim.credentials.clientId,
        client_secret: sim.credentials.clientSecret,
        scope: 'invoices',
      }),
    });
    const { access_token } = (await tokenReply.json()) as { access_token: string };
    await fetch(`${sim.url}/v1/invoices/order/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ order_no: 'CLI-1', currency: 'CNY', '5094664372713': 'x' }),
    });
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    await program().parseAsync(['node', 'qiao', 'sim', 'okki', 'dump', '--url', sim.url]);
    const orders = JSON.parse(out.join('')) as Array<{ order_no: string }>;
    expect(orders.map((o) => o.order_no)).toEqual(['CLI-1']);
  });

  it('dump explains an unreachable simulator as a configuration error', async () => {
    await expect(
      program().parseAsync(['node', 'qiao', 'sim', 'okki', 'dump', '--url', 'http://127.0.0.1:1']),
    ).rejects.toMatchObject({ kind: 'config', code: 'cli.simulator_unreachable' });
  });

  it('rejects malformed fault flags before starting anything', async () => {
    await expect(
      program().parseAsync(['node', 'qiao', 'sim', 'okki', '--port', '0', '--rate-limit', 'lots']),
    ).rejects.toMatchObject({ kind: 'config', message: expect.stringContaining('--rate-limit') });
    await expect(
      program().parseAsync(['node', 'qiao', 'sim', 'okki', '--port', '0', '--commit-then-5xx-every', '1.5']),
    ).rejects.toMatchObject({ kind: 'config', message: expect.stringContaining('--commit-then-5xx-every') });
    await expect(
      program().parseAsync(['node', 'qiao', 'sim', 'okki', '--port', '0', '--preload', 'some']),
    ).rejects.toMatchObject({ kind: 'config' });
  });
});
