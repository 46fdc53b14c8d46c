/**
 * The valid inputs the scheme corpus breaks: an orders scheme that depends on a customers scheme
 * (precondition and $lookup), and a qiao.yaml naming both connections with secrets from the
 * environment. Every hostile case is one of these with one thing wrong.
 */
export const CUSTOMERS = `version: 1
id: customers-to-okki
name: Customers
source:
  connection: kingdee
  api: ExecuteBillQuery
  params: { FormId: BD_Customer, FieldKeys: "FNumber,FName" }
  key: FNumber
mapping:
  document:
    serial_id: FNumber
    name: FName
target:
  connection: okki
  api: companies.push
  key: serial_id
`;

export const ORDERS = `version: 1
id: orders-to-okki
name: Orders
source:
  connection: kingdee
  api: ExecuteBillQuery
  params:
    FormId: SAL_SaleOrder
    FieldKeys: FBillNo,FCustId.FNumber,FModifyDate
    FilterString: "FModifyDate >= '{{window.from}}' and FModifyDate < '{{window.to}}'"
  key: FBillNo
  cursor:
    fields: [FModifyDate]
    start: "2026-01-01T00:00:00"
valueTables:
  currency: { PRE001: CNY }
mapping:
  document:
    order_no: FBillNo
    company_id: $lookup('customers-to-okki', FCustId_FNumber, 'company_id')
    currency: $valueTable('currency', 'PRE001')
    status: 1
target:
  connection: okki
  api: orders.push
  key: order_no
settings:
  schedule: { cron: "*/5 * * * *" }
  preconditions: [customers-to-okki]
`;

export const CONFIG = `connections:
  kingdee:
    type: kingdee
    baseUrl: http://127.0.0.1:1/k3cloud/
    acctId: "6512345678"
    auth: { method: appSecret, username: qiao, appId: "300000_x", appSecret: "\${KINGDEE_APP_SECRET}" }
  okki:
    type: okki
    baseUrl: http://127.0.0.1:2
    clientId: client-1
    clientSecret: "\${OKKI_CLIENT_SECRET}"
store: sqlite:.qiao/qiao.db
schemesDir: schemes
api: { host: 127.0.0.1, port: 8080 }
logLevel: info
`;

export const CONFIG_ENV = {
  KINGDEE_APP_SECRET: 'kingdee-app-secret-0123456789',
  OKKI_CLIENT_SECRET: 'okki-client-secret-0123456789',
};

/** `text` with `from` replaced by `to`; throws when `from` is absent, so a case can never test the unchanged input. */
export function change(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`corpus input does not contain ${JSON.stringify(from)}`);
  return text.replace(from, to);
}
