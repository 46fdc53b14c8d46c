import { describe, expect, it } from 'vitest';
import { changesState, requiredRole, roleAllows } from './api-roles.js';

describe('requiredRole', () => {
  it.each([
    ['GET', '/api/schemes', 'viewer'],
    ['GET', '/api/audit', 'viewer'],
    ['GET', '/metrics', 'viewer'],
    ['POST', '/api/schemes/validate', 'viewer'],
    ['POST', '/api/session', 'viewer'],
    ['DELETE', '/api/session', 'viewer'],
    ['POST', '/api/schemes/orders/run', 'operator'],
    ['POST', '/api/schemes/orders/enable', 'operator'],
    ['POST', '/api/schemes/orders/disable', 'operator'],
    ['POST', '/api/schemes/orders/retry', 'operator'],
    ['PUT', '/api/schemes/orders/cursor', 'operator'],
    ['POST', '/api/records/orders/XSDD%2F1/retry', 'operator'],
    ['POST', '/api/records/orders/XSDD1/skip', 'operator'],
    ['POST', '/api/preview', 'operator'],
    ['POST', '/api/schemes', 'admin'],
    ['PUT', '/api/schemes/orders', 'admin'],
    ['POST', '/api/schemes/a/b/run', 'admin'],
    ['DELETE', '/api/schemes/orders', 'admin'],
    ['POST', '/api/something-new', 'admin'],
    ['PATCH', '/api/schemes/orders/cursor', 'admin'],
  ] as const)('%s %s needs %s', (method, path, role) => {
    expect(requiredRole(method, path)).toBe(role);
  });

  it('orders the roles viewer < operator < admin', () => {
    expect(roleAllows('admin', 'operator')).toBe(true);
    expect(roleAllows('operator', 'operator')).toBe(true);
    expect(roleAllows('operator', 'admin')).toBe(false);
    expect(roleAllows('viewer', 'operator')).toBe(false);
  });

  it('audits what changes state, not reads, validation or preview', () => {
    expect(changesState('POST', '/api/schemes/x/run')).toBe(true);
    expect(changesState('POST', '/api/session')).toBe(true);
    expect(changesState('GET', '/api/schemes')).toBe(false);
    expect(changesState('POST', '/api/schemes/validate')).toBe(false);
    expect(changesState('POST', '/api/preview')).toBe(false);
  });
});
