import type { Translate } from "#app/i18n/i18n.ts";
import { ROLES } from "#db/schema.ts";
import { isAuditAction, isAuditEntityType, isMachineActor, MACHINE_ACTORS } from "./actions.ts";

/**
 * Who did it, in words: a person by their recorded name (or, given, the display name colleagues
 * know them by), the system's own actors by what they are.
 */
export function actorWords(label: string, t: Translate, displayName?: string | null): string {
  if (isMachineActor(label)) return t(`audit.actor.${MACHINE_ACTORS[label]}`);
  const client = /^api client \((.*)\)$/.exec(label);
  if (client) return t("audit.actor.apiClient", { name: client[1]! });
  const self = /^self-registration \((.*)\)$/.exec(label);
  if (self) return t("audit.actor.selfRegistration", { username: self[1]! });
  // A person, recorded as "username (role)" (actorOf): the role in words.
  const person = /^(.+) \(([a-z]+)\)$/.exec(label);
  const role = ROLES.find((r) => r === person?.[2]);
  return person && role ? `${displayName ?? person[1]}${t("punct.paren", { text: t(`role.${role}`) })}` : label;
}

/** What was done, in words (an action no longer recorded keeps its code rather than vanish). */
export const actionWords = (action: string, t: Translate) =>
  isAuditAction(action) ? t(`audit.action.${action}`) : action;

/** The kind of record, in words. */
export const entityWords = (type: string, t: Translate) => (isAuditEntityType(type) ? t(`audit.entity.${type}`) : type);

const PAGES: Partial<Record<string, (id: string) => string>> = {
  authorization: (id) => `/authorizations/${id}`,
  enterprise: (id) => `/enterprises/${id}`,
  label_order: (id) => `/label-orders/${id}`,
  announcement: (id) => `/announcements/${id}`,
  flag: (id) => `/regulator/alerts/${id}`,
  report: (id) => `/regulator/reports/${id}`,
  inspection: (id) => `/regulator/inspections/${id}`,
};

/** The page a record is shown on, when it has one (a uuid-keyed record; labels are ranges). */
export function recordHref(type: string, id: string | null): string | null {
  if (!id) return null;
  const page = PAGES[type];
  return page && /^[0-9a-f-]{36}$/i.test(id) ? page(id) : null;
}
