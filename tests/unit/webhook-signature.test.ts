import { describe, expect, it } from "vitest";
import { signWebhook, verifyWebhook } from "#app/api-client/signature.ts";

// The example of the Standard Webhooks specification (and Svix's documentation).
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const TIMESTAMP = 1614265330;
const BODY = '{"test": 2432232314}';

describe("Standard Webhooks signatures", () => {
  it("signs the specification's example exactly", () => {
    expect(signWebhook(SECRET, ID, TIMESTAMP, BODY)).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });

  it("a receiver accepts any matching signature of a list and refuses a changed body, id or time", () => {
    const signature = `v1,bm90IHRoaXMgb25l ${signWebhook(SECRET, ID, TIMESTAMP, BODY)}`;
    const headers = { id: ID, timestamp: String(TIMESTAMP), signature };
    expect(verifyWebhook(SECRET, headers, BODY)).toBe(true);
    expect(verifyWebhook(SECRET, headers, '{"test": 2432232315}')).toBe(false);
    expect(verifyWebhook(SECRET, { ...headers, id: "msg_other" }, BODY)).toBe(false);
    expect(verifyWebhook(SECRET, { ...headers, timestamp: String(TIMESTAMP + 1) }, BODY)).toBe(false);
  });
});
