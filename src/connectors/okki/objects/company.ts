import type { OkkiCompanyPushPayload, CompanyKey } from '../okki.types.js';
import { okkiIdString } from './order-lines.js';
import type { OkkiObject } from './okki-object.js';
import { idField, objectList, oneKey, stripInternal, textField, type MappedPayload } from './payload-fields.js';

type Contact = NonNullable<OkkiCompanyPushPayload['customers']>[number];

function toContact(row: MappedPayload, index: number): Contact {
  const where = `company contact ${index + 1}`;
  const { customer_id, name, email, ...rest } = row;
  return {
    ...rest,
    customer_id: idField(customer_id, where, 'customer_id'),
    name: textField(name, where, 'name'),
    email: textField(email, where, 'email'),
  };
}

/** The mapped company as the client's push body; a value OKKI cannot take fails the record. */
function toPushPayload(payload: MappedPayload): OkkiCompanyPushPayload {
  const { company_id, serial_id, name, customers, ...rest } = stripInternal(payload);
  return {
    ...rest,
    company_id: idField(company_id, 'company', 'company_id'),
    serial_id: textField(serial_id, 'company', 'serial_id'),
    name: textField(name, 'company', 'name'),
    customers: objectList(customers, 'company', 'customers')?.map(toContact),
  };
}

function keyOf(query: MappedPayload): CompanyKey {
  const [name, value] = oneKey(query, 'company', ['company_id', 'serial_id']);
  return name === 'company_id' ? { company_id: value } : { serial_id: value };
}

/** Companies with their contacts (客户), kept one per serial_id: a push edits the company with that serial_id. */
export const okkiCompany: OkkiObject = {
  read: (client, params) => client.listCompanies(params),

  async write(client, payload, context) {
    const body = toPushPayload(payload);
    const previousId = okkiIdString(idField(context.previousIds?.company_id, 'previous ids', 'company_id'));
    if (previousId) body.company_id = previousId;
    const result = await client.pushCompanyAndCustomers(body, { matchBy: 'serial_id' });
    return {
      reply: result.reply,
      ids: { company_id: result.companyId, customer_id: result.customers[0]?.customerId ?? null },
      warnings: [],
    };
  },

  async findWritten(client, payload) {
    const { serial_id } = toPushPayload(payload);
    const company = serial_id ? await client.getCompany({ serial_id }) : null;
    return company ? { reply: company, ids: { company_id: String(company.company_id) }, warnings: [] } : null;
  },

  async lookup(client, query, field) {
    const company = await client.getCompany(keyOf(query));
    return company ? company[field] : null;
  },
};
