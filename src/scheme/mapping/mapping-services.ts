/**
 * What mapping built-ins need from the outside world. The runtime implements it against the
 * ledger and the connectors; `qiao test` implements it with canned answers from the scheme's tests.
 */
export interface MappingServices {
  /**
   * Target ids of a document another scheme already synced (from its ledger), e.g.
   * lookupSynced('kingdee-customers-to-okki', 'CUST0001') → { company_id: 1001 }; null when that
   * scheme has not synced the key (yet).
   */
  lookupSynced(schemeId: string, key: string): Promise<Record<string, unknown> | null>;
  /** Asks the target system directly, e.g. ('okki', 'company', { serial_id: 'C001' }, 'company_id'). Undefined/null when nothing matches. */
  lookupTarget(connection: string, object: string, query: unknown, field: string): Promise<unknown>;
  /** Tenant-specific custom field id for a display name, e.g. ('okki', 'order', '物流费') → "5094664372713". */
  customFieldId(connection: string, module: string, name: string): Promise<string>;
  /** The current time (injectable so tests and previews are deterministic). */
  now(): Date;
}
