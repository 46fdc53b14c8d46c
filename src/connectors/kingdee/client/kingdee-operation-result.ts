import { KingdeeError, type KingdeeErrorItem } from '../kingdee-errors.js';
import type { KingdeeReply, KingdeeSuccessEntity } from './kingdee-response.js';
import { isWriteService } from './kingdee-services.js';

/** Outcome of a multi-document operation (BatchSave, Submit, Audit, UnAudit, Delete, ExcuteOperation). */
export interface KingdeeOperationResult {
  /** The server's IsSuccess (false as soon as any item failed). */
  isSuccess: boolean;
  successEntities: KingdeeSuccessEntity[];
  successMessages: KingdeeErrorItem[];
  /** One record-level error per failed input item (grouped by DIndex; null DIndex = whole call). */
  failures: KingdeeError[];
  /** `Result` without `ResponseStatus` (NeedReturnData, Id, Number…). */
  result: Record<string, unknown>;
}

/**
 * Splits a status reply into per-item failures. Failures that are not about the items themselves
 * (session, permission, call limit, network control) are thrown: the whole call failed.
 */
export function operationResult(
  service: string,
  reply: Extract<KingdeeReply, { kind: 'status' }>,
): KingdeeOperationResult {
  const { status } = reply;
  const { ResponseStatus: _status, ...rest } = reply.result;
  const write = isWriteService(service);
  const failures: KingdeeError[] = [];
  if (!status.isSuccess) {
    const whole = new KingdeeError({
      source: 'status',
      service,
      write,
      msgCode: status.msgCode,
      errors: status.errors,
    });
    if (whole.kind !== 'record') throw whole;
    const byIndex = new Map<number | null, KingdeeErrorItem[]>();
    for (const item of status.errors) byIndex.set(item.dIndex, [...(byIndex.get(item.dIndex) ?? []), item]);
    if (byIndex.size === 0) failures.push(whole);
    for (const items of byIndex.values())
      failures.push(new KingdeeError({ source: 'status', service, write, msgCode: status.msgCode, errors: items }));
  }
  return {
    isSuccess: status.isSuccess,
    successEntities: status.successEntities,
    successMessages: status.successMessages,
    failures,
    result: rest,
  };
}
