import type { Lang } from "#app/i18n/i18n.ts";
import { logger } from "#app/logging/logger.server.ts";
import { getEnv, isProduction } from "#app/env.server.ts";

/** Who runs this instance, as the public sees it: the scan page and security.txt (issue 14). */
export interface Operator {
  name: string;
  address: string | null;
  contact: string;
  /** The address the public pages live at (PUBLIC_ORIGIN); null when it is not configured. */
  origin: string | null;
  /** True while the name and contact are the demo's stand-ins, not configured. */
  unconfigured: boolean;
}

const DEMO = {
  "zh-CN": "地理标志专用标志登记与验证平台演示运营单位（演示）",
  en: "Demo operator of the GI Mark Registry (demo)",
  contact: "mailto:security@example.invalid",
};

let warned = false;

export function operator(lang: Lang): Operator {
  const env = getEnv();
  const unconfigured = !env.OPERATOR_NAME || !env.OPERATOR_CONTACT;
  if (unconfigured && isProduction() && !warned) {
    warned = true;
    logger.warn("[operator] OPERATOR_NAME and OPERATOR_CONTACT are not set: scan pages name a demo operator");
  }
  const name = env.OPERATOR_NAME
    ? lang === "en"
      ? (env.OPERATOR_NAME_EN ?? env.OPERATOR_NAME)
      : env.OPERATOR_NAME
    : DEMO[lang];
  return {
    name,
    address: env.OPERATOR_ADDRESS ?? null,
    contact: env.OPERATOR_CONTACT ?? DEMO.contact,
    origin: env.PUBLIC_ORIGIN ? new URL(env.PUBLIC_ORIGIN).origin : null,
    unconfigured,
  };
}

/** RFC 9116: where to report a vulnerability, and until when this statement holds (a year at most). */
export function securityTxt(now = new Date()): string {
  const op = operator("en");
  const expires = new Date(now.getTime() + 180 * 86_400_000);
  expires.setUTCHours(0, 0, 0, 0);
  const lines = [
    `# ${operator("zh-CN").name}`,
    ...(op.name !== operator("zh-CN").name ? [`# ${op.name}`] : []),
    `Contact: ${op.contact}`,
    `Expires: ${expires.toISOString().replace(".000Z", "Z")}`,
    "Preferred-Languages: zh, en",
    ...(op.origin ? [`Canonical: ${op.origin}/.well-known/security.txt`] : []),
  ];
  return `${lines.join("\n")}\n`;
}
