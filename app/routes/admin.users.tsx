import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "#app/accounts/auth.server.ts";
import { createRegulatorAccount } from "#app/accounts/staff.server.ts";
import { createPrinterAccount } from "#app/printer/printer.server.ts";
import { actorOf, listAccounts, setAccountDisabled } from "#app/accounts/users.server.ts";
import { getDb } from "#app/db.server.ts";
import { DomainError } from "#app/errors.ts";
import { field } from "#app/forms/form.ts";
import { readForm } from "#app/forms/form.server.ts";
import { useLang, useT } from "#app/i18n/use-t.ts";
import { CheckboxField, ErrorSummary, TextField } from "#app/ui/form-fields.tsx";
import { formatDate } from "#app/i18n/format.ts";
import { CsvLink } from "#app/ui/csv-link.tsx";
import { titled } from "#app/ui/page-title.ts";
import { formAction, formInput } from "#app/forms/action.server.ts";
import { ActionCard } from "#app/ui/action-card.tsx";
import { DataTable } from "#app/ui/data-table.tsx";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled("admin.users");

const divisionCode = z
  .string({ required_error: "form.required" })
  .transform((s) => s.normalize("NFKC").trim())
  .pipe(z.string().regex(/^\d{6}$/, "form.invalid"));

const regulatorSchema = z.object({
  username: field.text(64),
  displayName: field.text(100),
  password: field.password(),
  divisionCode,
  isApprover: field.checkbox(),
});

const printerSchema = z.object({
  username: field.text(64),
  displayName: field.text(100),
  password: field.password(),
  printerName: field.text(200),
  printerUscc: field.optionalText(64),
  divisionCode,
});

const toggleSchema = z.object({ userId: z.string().uuid("form.invalid") });

export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return { accounts: await listAccounts(await getDb()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const actor = { ...actorOf(admin), userId: admin.id };
  const db = await getDb();
  return formAction(readForm(request), async (formData) => {
    const intent = formData.get("intent");
    if (intent === "createRegulator" || intent === "createPrinter") {
      if (intent === "createRegulator") await createRegulatorAccount(db, actor, formInput(formData, regulatorSchema));
      else await createPrinterAccount(db, actor, formInput(formData, printerSchema));
      const username = String(formData.get("username")).trim().toLowerCase();
      return `/admin/users?created=${encodeURIComponent(username)}`;
    }
    if (intent === "disable" || intent === "enable") {
      const { userId } = formInput(formData, toggleSchema);
      const { username } = await setAccountDisabled(db, actor, userId, intent === "disable");
      return `/admin/users?${intent === "disable" ? "disabled" : "enabled"}=${encodeURIComponent(username)}`;
    }
    throw new DomainError("form.invalid");
  });
}

export default function AdminUsers() {
  const { accounts } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const lang = useLang();
  const intent = failure && "values" in failure ? (failure.values as Record<string, string>).intent : undefined;
  // Both staff cards: the failure and its summary belong to the card whose intent was sent.
  const staffCard = (cardIntent: "createRegulator" | "createPrinter", idPrefix: string) => {
    const mine = intent === cardIntent ? failure : null;
    return {
      heading: "h2" as const,
      explanation: mine ? <ErrorSummary failure={mine} labels={labels} idPrefix={idPrefix} /> : null,
      hidden: { intent: cardIntent },
      submit: t("admin.create"),
      idPrefix,
      failure: mine,
    };
  };
  const labels = {
    username: t("register.username"),
    displayName: t("admin.displayName"),
    password: t("admin.initialPassword"),
    divisionCode: t("admin.divisionCode"),
    printerName: t("admin.printerName"),
    printerUscc: t("admin.printerUscc"),
    userId: t("admin.users"),
  };
  const notice = params.get("created")
    ? t("admin.created", { username: params.get("created") ?? "" })
    : params.get("disabled")
      ? t("admin.disabled", { username: params.get("disabled") ?? "" })
      : params.get("enabled")
        ? t("admin.enabled", { username: params.get("enabled") ?? "" })
        : null;
  return (
    <>
      <h1>{t("admin.users")}</h1>
      {notice ? (
        <div className="alert ok" role="status">
          {notice}
        </div>
      ) : null}
      {/* Refusals of the list's own buttons (disabling one's own account) are said above the list. */}
      {failure && intent !== "createRegulator" && intent !== "createPrinter" ? (
        <ErrorSummary failure={failure} labels={labels} />
      ) : null}
      <CsvLink href="/export/accounts" />
      <DataTable
        label={t("admin.users")}
        rows={accounts}
        rowKey={(a) => a.id}
        columns={[
          { header: t("register.username"), className: "code", cell: (a) => a.username },
          { header: t("admin.displayName"), cell: (a) => a.display_name },
          {
            header: t("admin.role"),
            cell: (a) => (
              <>
                {t(`role.${a.role}`)}
                {a.is_approver ? ` · ${t("role.approver")}` : ""}
              </>
            ),
          },
          { header: t("admin.scope"), cell: (a) => a.division_name ?? a.enterprise_name ?? a.printer_name ?? "—" },
          {
            header: t("admin.status"),
            cell: (a) =>
              a.disabled_at ? `${t("admin.inactive")} (${formatDate(a.disabled_at, lang)})` : t("admin.active"),
          },
          {
            header: t("table.actions"),
            cell: (a) => (
              <Form method="post">
                <input type="hidden" name="userId" value={a.id} />
                <button className="secondary" type="submit" name="intent" value={a.disabled_at ? "enable" : "disable"}>
                  {a.disabled_at ? t("admin.enable") : t("admin.disable")}
                  <span className="visually-hidden"> {a.username}</span>
                </button>
              </Form>
            ),
          },
        ]}
      />

      <div className="cards">
        <ActionCard
          title={t("admin.createRegulator")}
          headingId="new-regulator"
          {...staffCard("createRegulator", "reg")}
        >
          <StaffFields />
          <TextField
            name="divisionCode"
            label={labels.divisionCode}
            hint={t("admin.divisionCodeHint")}
            required
            inputMode="numeric"
            maxLength={12}
          />
          <CheckboxField name="isApprover" label={t("admin.isApprover")} />
        </ActionCard>
        <ActionCard title={t("admin.createPrinter")} headingId="new-printer" {...staffCard("createPrinter", "prn")}>
          <TextField name="printerName" label={labels.printerName} required maxLength={200} />
          <TextField name="printerUscc" label={labels.printerUscc} maxLength={64} />
          <TextField
            name="divisionCode"
            label={labels.divisionCode}
            hint={t("admin.divisionCodeHint")}
            required
            inputMode="numeric"
            maxLength={12}
          />
          <StaffFields />
        </ActionCard>
      </div>
    </>
  );
}

/** The account fields both staff cards ask for; the card's FieldScope gives them their ids and errors. */
function StaffFields() {
  const t = useT();
  return (
    <>
      <TextField
        name="username"
        label={t("register.username")}
        hint={t("register.usernameHint")}
        required
        maxLength={64}
        autoComplete="off"
      />
      <TextField name="displayName" label={t("admin.displayName")} required maxLength={100} />
      <TextField
        name="password"
        label={t("admin.initialPassword")}
        hint={t("register.passwordHint")}
        type="password"
        required
        autoComplete="new-password"
      />
    </>
  );
}
