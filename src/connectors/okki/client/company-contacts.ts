import type { OkkiCompanyPushPayload, OkkiCompany } from '../okki.types.js';

type SentContact = NonNullable<OkkiCompanyPushPayload['customers']>[number];
type ExistingContact = NonNullable<OkkiCompany['customers']>[number];

const key = (value: unknown): string => (typeof value === 'string' ? value.trim().toLowerCase() : '');

/**
 * Gives contacts without `customer_id` the id of the existing contact with the same e-mail (or,
 * lacking e-mail, the same name), so re-pushing a company edits its contacts instead of adding
 * copies. Each existing contact is used at most once; unmatched contacts stay new.
 */
export function matchCompanyContacts(
  sent: readonly SentContact[],
  existing: readonly ExistingContact[],
): SentContact[] {
  const used = new Set<string>();
  const take = (predicate: (c: ExistingContact) => boolean): ExistingContact | undefined => {
    const found = existing.find((c) => !used.has(String(c.customer_id)) && predicate(c));
    if (found) used.add(String(found.customer_id));
    return found;
  };
  for (const contact of sent) if (contact.customer_id) used.add(String(contact.customer_id));
  return sent.map((contact) => {
    if (contact.customer_id) return contact;
    const email = key(contact.email);
    const name = key(contact.name);
    const match =
      (email && take((c) => key(c.email) === email)) || (name && take((c) => key(c.name) === name)) || undefined;
    return match ? { ...contact, customer_id: match.customer_id } : contact;
  });
}
