import { logger } from "#app/logging/logger.server.ts";

/**
 * A text-message gateway, for a county that wants notifications by SMS as well (decisions 046, 052:
 * the contract, what `reference` is for, and what is not built yet).
 * A county plugs its provider in by writing one object with `send` (its HTTP API, with the
 * provider's signature and template id) and passing it to `useSmsGateway` at boot. `send` must
 * throw when the provider refuses, so the caller can retry; the text never carries a label code.
 */
export interface SmsGateway {
  readonly name: string;
  send(message: { to: string; text: string; reference: string }): Promise<void>;
}

/** The default: writes what would have been sent to the log (number masked), sends nothing. */
export const loggingSmsGateway: SmsGateway = {
  name: "log",
  send: async ({ to, text, reference }) => {
    logger.info({ to: to.replace(/\d(?=\d{4})/g, "*"), chars: text.length, reference }, "sms (logging gateway)");
  },
};

let gateway: SmsGateway = loggingSmsGateway;

export function useSmsGateway(next: SmsGateway): void {
  gateway = next;
}

export function smsGateway(): SmsGateway {
  return gateway;
}
