import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DomainError } from "#app/errors.ts";
import { formAction, formInput } from "#app/forms/action.server.ts";
import { field, valuesOf } from "#app/forms/form.ts";

// Issue 15 item 4: every form action reads the same way (decision 049).
const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
};
const schema = z.object({ name: field.text(10), quantity: field.count(1, 100) });

/** What a thrown redirect or an answer carries, whichever came. */
async function outcome(p: Promise<unknown>) {
  try {
    const answer = (await p) as { data: unknown; init: { status?: number; headers?: Record<string, string> } };
    return { status: answer.init.status ?? 200, headers: answer.init.headers, data: answer.data };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get("Location") };
    throw thrown;
  }
}

describe("a form action", () => {
  it("redirects to the path the act answers, its query naming the success message", async () => {
    const result = await outcome(formAction(form({ name: "茶" }), async () => "/label-orders/1?done=receive&n=5"));
    expect(result).toEqual({ status: 302, location: "/label-orders/1?done=receive&n=5" });
  });

  it("answers a refusal with its message and status, what was typed kept and secrets not", async () => {
    const sent = form({ name: "千两茶", password: "s3cret" });
    const result = await outcome(
      formAction(sent, async () => {
        throw new DomainError("label.actionNotAllowed", { status: 409, params: { status: "received" } });
      }),
    );
    expect(result).toEqual({
      status: 409,
      headers: undefined,
      data: {
        ok: false,
        values: { name: "千两茶" },
        fieldErrors: {},
        formError: { key: "label.actionNotAllowed", params: { status: "received" } },
      },
    });
  });

  it("answers a form that does not parse with 400 and each field's message, nothing done", async () => {
    let acted = false;
    const result = await outcome(
      formAction(form({ name: "", quantity: "1,5" }), async (formData) => {
        formInput(formData, schema);
        acted = true;
        return "/";
      }),
    );
    expect(acted).toBe(false);
    expect(result).toEqual({
      status: 400,
      headers: undefined,
      data: {
        ok: false,
        values: { name: "", quantity: "1,5" },
        fieldErrors: { name: { key: "form.required" }, quantity: { key: "form.wholeNumber" } },
      },
    });
  });

  it("keeps the input of a refusal that came while the form was being read, and says when to retry", async () => {
    const read = Promise.reject(
      new DomainError("document.tooMany", { field: "documents", status: 413, retryAfter: 5, params: { max: 1 } }),
    );
    const result = await outcome(formAction(read as Promise<FormData>, async () => "/"));
    expect(result).toMatchObject({
      status: 413,
      headers: { "Retry-After": "5" },
      data: { fieldErrors: { documents: { key: "document.tooMany", params: { max: 1 } } } },
    });
  });

  it("passes data for the page through, and lets any other throw (a sign-in redirect, a bug) go", async () => {
    const shown = { shown: { name: "平台" } };
    expect(await formAction(form({}), async () => shown)).toBe(shown);
    const signIn = new Response(null, { status: 302, headers: { Location: "/login" } });
    await expect(
      formAction(form({}), async () => {
        throw signIn;
      }),
    ).rejects.toBe(signIn);
    await expect(
      formAction(form({}), async () => {
        throw new TypeError("bug");
      }),
    ).rejects.toThrow("bug");
  });
});

describe("one action shape", () => {
  const root = resolve(import.meta.dirname, "../..");
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
    );

  it("no route catches its own redirect back out of a try", () => {
    const routes = files(join(root, "app/routes")).filter((f) => /instanceof Response/.test(readFileSync(f, "utf8")));
    expect(routes).toEqual([]);
  });

  it("domain modules never read a FormData: the route parses it into a typed input", () => {
    const edge = /^app\/(routes|forms|http)\//;
    const readers = files(join(root, "app"))
      .map((f) => f.slice(root.length + 1))
      .filter((f) => !edge.test(f) && f !== "app/errors.ts" && f !== "app/document/upload-draft.server.ts")
      .filter((f) => /\bFormData\b/.test(readFileSync(join(root, f), "utf8")));
    expect(readers).toEqual([]);
  });
});

describe("the values a refused form shows again", () => {
  it("are what was typed, whatever a field is called", () => {
    const f = form({ constructor: "甲", toString: "乙", name: "丙" });
    f.append("name", "丁");
    expect(valuesOf(f)).toEqual({ constructor: "甲", toString: "乙", name: "丙,丁" });
  });
});
