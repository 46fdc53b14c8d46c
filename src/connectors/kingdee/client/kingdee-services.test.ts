import { describe, expect, it } from 'vitest';
import { fullServiceName, isWriteService, KingdeeServices } from './kingdee-services.js';

describe('Kingdee service names', () => {
  it('expands short names and keeps full ones', () => {
    expect(fullServiceName('Save')).toBe('Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.Save');
    expect(fullServiceName('AuthService.Logout')).toBe('Kingdee.BOS.WebApi.ServicesStub.AuthService.Logout');
    expect(fullServiceName(`${KingdeeServices.ExecuteBillQuery}.common.kdsvc`)).toBe(KingdeeServices.ExecuteBillQuery);
    expect(fullServiceName('My.Stub.Svc.getItems,My.Stub')).toBe('My.Stub.Svc.getItems,My.Stub');
  });

  it('knows which services write', () => {
    expect(isWriteService(KingdeeServices.Save)).toBe(true);
    expect(isWriteService(KingdeeServices.ExcuteOperation)).toBe(true);
    expect(isWriteService(KingdeeServices.ExecuteBillQuery)).toBe(false);
    expect(isWriteService(KingdeeServices.BillQuery)).toBe(false);
    expect(isWriteService(KingdeeServices.View)).toBe(false);
    expect(isWriteService(KingdeeServices.QueryBusinessInfo)).toBe(false);
    expect(isWriteService(KingdeeServices.ValidateUser)).toBe(false);
    expect(isWriteService(KingdeeServices.GetDataCenterList)).toBe(false);
    expect(isWriteService('My.Stub.Svc.getItems,My.Stub')).toBe(true);
  });
});
