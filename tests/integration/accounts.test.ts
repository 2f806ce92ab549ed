import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  registerEnterprise,
  findVisibleEnterprise,
  listVisibleEnterprises,
} from "#app/enterprise/enterprise.server.ts";
import { changePassword, setAccountDisabled, signIn, signOut } from "#app/accounts/users.server.ts";
import { findSessionUser, IDLE_TIMEOUT_MS } from "#app/accounts/session.server.ts";
import { SYSTEM_ACTOR, verifyAuditChain } from "#app/audit/audit.server.ts";
import { createPrinterAccount } from "#app/printer/printer.server.ts";
import { DomainError } from "#app/errors.ts";
import { makeUscc } from "#app/enterprise/uscc.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { TEST_PASSWORD, fakeUscc, makeEnterprise, makeUser } from "#tests/support/factories.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

const registration = (overrides: Partial<Parameters<typeof registerEnterprise>[1]> = {}) => ({
  uscc: fakeUscc("430923"),
  name: "安化县测试茶业有限公司",
  contactName: "张三",
  contactPhone: "13800000000",
  username: `user${Math.random().toString(36).slice(2, 8)}`,
  password: "tea brick from anhua",
  ...overrides,
});

async function counts() {
  const [e, u, a] = await Promise.all([
    t.db
      .selectFrom("enterprise")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
    t.db
      .selectFrom("app_user")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
    t.db
      .selectFrom("audit_entry")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return { enterprises: Number(e.n), users: Number(u.n), audit: Number(a.n) };
}

function domainKey(promise: Promise<unknown>) {
  return promise.then(
    () => "no error",
    (error: unknown) => (error instanceof DomainError ? `${error.key}@${error.options.field}` : String(error)),
  );
}

describe("enterprise self-registration", () => {
  it("creates the enterprise and its member, county taken from the code, both audited", async () => {
    const input = registration();
    const { enterprise, userId, orgCodeWarning } = await registerEnterprise(t.db, input);
    expect(enterprise).toMatchObject({ uscc: input.uscc, division_code: "430923", org_code_check_failed: false });
    expect(orgCodeWarning).toBe(false);
    const user = await t.db.selectFrom("app_user").selectAll().where("id", "=", userId).executeTakeFirstOrThrow();
    expect(user).toMatchObject({ role: "enterprise", enterprise_id: enterprise.id });
    expect(user.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const audit = await t.db
      .selectFrom("audit_entry")
      .select(["action", "entity_id"])
      .where("entity_id", "in", [enterprise.id, userId])
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(["account.create", "enterprise.register"]);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("accepts full-width, lowercase and spaced input and stores the normalised code", async () => {
    const code = fakeUscc("611026");
    const fullWidth = [...code.toLowerCase()].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join("");
    const { enterprise } = await registerEnterprise(
      t.db,
      registration({ uscc: ` ${fullWidth.slice(0, 6)} ${fullWidth.slice(6)} ` }),
    );
    expect(enterprise.uscc).toBe(code);
    expect(enterprise.division_code).toBe("611026");
  });

  it("refuses a wrong check character and changes nothing", async () => {
    const good = fakeUscc();
    const bad = good.slice(0, 17) + (good[17] === "1" ? "2" : "1");
    const before = await counts();
    expect(await domainKey(registerEnterprise(t.db, registration({ uscc: bad })))).toBe("uscc.checkCharacter@uscc");
    expect(await counts()).toEqual(before);
    // On the administrator's printer form the same refusal names that form's own field.
    const printer = createPrinterAccount(t.db, SYSTEM_ACTOR, {
      username: "printer.badcode",
      displayName: "印务",
      password: TEST_PASSWORD,
      printerName: "校验位印务",
      printerUscc: bad,
      divisionCode: "430900",
    });
    expect(await domainKey(printer)).toBe("uscc.checkCharacter@printerUscc");
    expect(await counts()).toEqual(before);
  });

  it("accepts a code whose embedded organisation code fails, and records the warning", async () => {
    const first17 = "91430923" + "12345678" + "0";
    const uscc = makeUscc("91", "430923", "12345678").slice(0, 8) + first17.slice(8);
    const { usccCheckCharacter } = await import("#app/enterprise/uscc.ts");
    const code = uscc.slice(0, 17) + usccCheckCharacter(uscc.slice(0, 17));
    const { enterprise, orgCodeWarning } = await registerEnterprise(t.db, registration({ uscc: code }));
    expect(orgCodeWarning).toBe(true);
    expect(enterprise.org_code_check_failed).toBe(true);
    const entry = await t.db
      .selectFrom("audit_entry")
      .select("reason")
      .where("entity_id", "=", enterprise.id)
      .executeTakeFirstOrThrow();
    expect(entry.reason).toMatch(/organisation code/);
  });

  it("refuses a code already registered, a taken username, a weak password, an unknown county", async () => {
    const first = registration();
    await registerEnterprise(t.db, first);
    expect(await domainKey(registerEnterprise(t.db, registration({ uscc: first.uscc })))).toBe("uscc.taken@uscc");
    expect(await domainKey(registerEnterprise(t.db, registration({ username: first.username })))).toBe(
      "username.taken@username",
    );
    expect(await domainKey(registerEnterprise(t.db, registration({ password: "12345678" })))).toBe(
      "password.common@password",
    );
    expect(await domainKey(registerEnterprise(t.db, registration({ password: "short" })))).toBe(
      "password.tooShort@password",
    );
    expect(await domainKey(registerEnterprise(t.db, registration({ divisionCode: "999999" })))).toBe(
      "division.unknownCounty@divisionCode",
    );
  });

  it("turns a double click into one enterprise and one clear refusal", async () => {
    const input = registration();
    const results = await Promise.all([
      domainKey(registerEnterprise(t.db, input)),
      domainKey(registerEnterprise(t.db, input)),
    ]);
    expect(results.sort()).toEqual(["no error", "uscc.taken@uscc"].sort());
    const rows = await t.db.selectFrom("enterprise").select("id").where("uscc", "=", input.uscc).execute();
    expect(rows).toHaveLength(1);
  });
});

describe("sign-in and sessions", () => {
  const net = (n: number) => `10.0.${n}.0/24`;

  it("signs in with the right password and resolves the session", async () => {
    const input = registration();
    await registerEnterprise(t.db, input);
    const result = await signIn(t.db, {
      username: input.username.toUpperCase(),
      password: input.password,
      ipNetwork: net(1),
      userAgent: "test",
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const user = await findSessionUser(t.db, result.token);
    expect(user).toMatchObject({ username: input.username, role: "enterprise" });
  });

  it("says the same thing for an unknown user and a wrong password, then slows that account from that network after five", async () => {
    const input = registration();
    await registerEnterprise(t.db, input);
    const unknown = await signIn(t.db, {
      username: "nobody-here",
      password: "whatever123",
      ipNetwork: net(2),
      userAgent: null,
    });
    const wrong = await signIn(t.db, {
      username: input.username,
      password: "wrong password",
      ipNetwork: net(2),
      userAgent: null,
    });
    expect(unknown).toEqual({ ok: false, reason: "failed" });
    expect(wrong).toEqual({ ok: false, reason: "failed" });
    const attempts = [];
    for (let i = 0; i < 4; i++) {
      attempts.push(
        await signIn(t.db, {
          username: input.username,
          password: "wrong password",
          ipNetwork: net(2),
          userAgent: null,
        }),
      );
    }
    expect(attempts.slice(0, 3).every((a) => !a.ok && a.reason === "failed")).toBe(true);
    expect(attempts[3]).toMatchObject({ ok: false, reason: "rateLimited", scope: "account" });
    // The right password waits out the delay from that network; from another it works at once.
    const right = await signIn(t.db, {
      username: input.username,
      password: input.password,
      ipNetwork: net(2),
      userAgent: null,
    });
    expect(right).toMatchObject({ ok: false, reason: "rateLimited" });
    expect(
      (await signIn(t.db, { username: input.username, password: input.password, ipNetwork: net(9), userAgent: null }))
        .ok,
    ).toBe(true);
  });

  it("limits a network that tries many accounts", async () => {
    for (let i = 0; i < 29; i++) {
      const r = await signIn(t.db, {
        username: `ghost${i}`,
        password: "nope-nope",
        ipNetwork: net(77),
        userAgent: null,
      });
      expect(r.ok).toBe(false);
    }
    const last = await signIn(t.db, {
      username: "ghost-last",
      password: "nope-nope",
      ipNetwork: net(77),
      userAgent: null,
    });
    expect(last).toMatchObject({ ok: false, reason: "rateLimited", scope: "network" });
    // Another network signs in as usual.
    const other = await signIn(t.db, {
      username: "ghost0",
      password: "nope-nope",
      ipNetwork: net(78),
      userAgent: null,
    });
    expect(other).toEqual({ ok: false, reason: "failed" });
  });

  it("ends the session at sign-out, on idle timeout, and when the account is disabled", async () => {
    const admin = await makeUser(t.db, "admin");
    const enterprise = await makeEnterprise(t.db);
    const member = await makeUser(t.db, "enterprise", { enterpriseId: enterprise.id });
    const login = async () => {
      const r = await signIn(t.db, {
        username: member.username,
        password: TEST_PASSWORD,
        ipNetwork: net(30),
        userAgent: null,
      });
      if (!r.ok) throw new Error("sign-in failed");
      return r.token;
    };

    const a = await login();
    const sessionA = (await findSessionUser(t.db, a))!;
    await signOut(t.db, sessionA);
    expect(await findSessionUser(t.db, a)).toBeNull();

    const b = await login();
    const sessionB = (await findSessionUser(t.db, b))!;
    await t.db
      .updateTable("user_session")
      .set({ last_seen_at: new Date(Date.now() - IDLE_TIMEOUT_MS - 1000) })
      .where("id", "=", sessionB.sessionId)
      .execute();
    expect(await findSessionUser(t.db, b)).toBeNull();

    const c = await login();
    const d = await login();
    expect(c).not.toBe(d);
    await setAccountDisabled(t.db, { userId: admin.id, label: "admin" }, member.id, true);
    expect(await findSessionUser(t.db, c)).toBeNull();
    expect(await findSessionUser(t.db, d)).toBeNull();
    expect(
      await signIn(t.db, { username: member.username, password: TEST_PASSWORD, ipNetwork: net(31), userAgent: null }),
    ).toEqual({ ok: false, reason: "failed" });
    const audit = await t.db
      .selectFrom("audit_entry")
      .select(["action", "after"])
      .where("entity_id", "=", member.id)
      .where("action", "=", "account.disable")
      .executeTakeFirstOrThrow();
    // c and d, plus b which had gone idle but was never revoked.
    expect(audit.after).toMatchObject({ sessionsEnded: 3 });
  });

  it("changing the password keeps this session and ends the others", async () => {
    const enterprise = await makeEnterprise(t.db);
    const member = await makeUser(t.db, "enterprise", { enterpriseId: enterprise.id });
    const tokens = [];
    for (let i = 0; i < 2; i++) {
      const r = await signIn(t.db, {
        username: member.username,
        password: TEST_PASSWORD,
        ipNetwork: net(40),
        userAgent: null,
      });
      if (r.ok) tokens.push(r.token);
    }
    const here = (await findSessionUser(t.db, tokens[0]!))!;
    expect(await domainKey(changePassword(t.db, here, { current: "wrong", next: "a brand new secret" }))).toBe(
      "account.currentWrong@current",
    );
    await changePassword(t.db, here, { current: TEST_PASSWORD, next: "a brand new secret" });
    expect(await findSessionUser(t.db, tokens[0]!)).not.toBeNull();
    expect(await findSessionUser(t.db, tokens[1]!)).toBeNull();
  });
});

describe("object access is filtered in SQL", () => {
  it("a regulator sees its division and below, an enterprise only itself", async () => {
    const anhua = await makeEnterprise(t.db, "430923", "安化甲");
    const zhashui = await makeEnterprise(t.db, "611026", "柞水乙");
    const countyRegulator = await makeUser(t.db, "regulator", { divisionCode: "430923" });
    const province = await makeUser(t.db, "regulator", { divisionCode: "430000" });
    const member = await makeUser(t.db, "enterprise", { enterpriseId: anhua.id });
    const admin = await makeUser(t.db, "admin");

    const seenByCounty = await listVisibleEnterprises(t.db, countyRegulator, 10_000);
    expect(seenByCounty.every((e) => e.division_name.includes("安化县"))).toBe(true);
    expect(seenByCounty.map((e) => e.id)).toContain(anhua.id);
    expect(seenByCounty.map((e) => e.id)).not.toContain(zhashui.id);

    expect((await listVisibleEnterprises(t.db, province, 10_000)).map((e) => e.id)).toContain(anhua.id);
    expect(await findVisibleEnterprise(t.db, province, zhashui.id)).toBeUndefined();

    expect(await findVisibleEnterprise(t.db, member, anhua.id)).toMatchObject({ id: anhua.id });
    expect(await findVisibleEnterprise(t.db, member, zhashui.id)).toBeUndefined();
    expect(await findVisibleEnterprise(t.db, member, "not-a-uuid")).toBeUndefined();
    expect(await findVisibleEnterprise(t.db, admin, zhashui.id)).toMatchObject({ id: zhashui.id });
  });
});
