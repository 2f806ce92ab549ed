import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import {
  changeableAuthorizations,
  decideChange,
  hasParticularsOnRecord,
  listChanges,
  requestChange,
} from "#app/enterprise/change-request.server.ts";
import { SelectField } from "#app/ui/select-field.tsx";
import { field } from "#app/forms/form.ts";
import { readForm } from "#app/forms/form.server.ts";
import { ErrorSummary, TextField } from "#app/ui/form-fields.tsx";
import { ChangeRequests } from "#app/ui/change-requests.tsx";
import { LabelOrdersTable } from "#app/ui/label-orders-table.tsx";
import { listOrders } from "#app/label/queries.server.ts";
import { notFound, requireUser } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { findVisibleEnterprise } from "#app/enterprise/enterprise.server.ts";
import { listAuthorizations } from "#app/authorization/queries.server.ts";
import { AuthorizationTable } from "#app/ui/authorization-table.tsx";
import { useT, useLang } from "#app/i18n/use-t.ts";
import { formatDateTime } from "#app/i18n/format.ts";
import { idParam } from "#app/http/params.ts";
import { may } from "#app/permission/permissions.ts";
import { titled } from "#app/ui/page-title.ts";
import { formAction, formInput } from "#app/forms/action.server.ts";
import { Fact, Facts } from "#app/ui/facts.tsx";
import { ActionCard } from "#app/ui/action-card.tsx";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled<typeof loader>((_t, d) => d.enterprise.name);

export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const enterprise = await findVisibleEnterprise(await getDb(), user, idParam(params, "enterpriseId"));
  // Another enterprise's id, or a region outside the regulator's division: the same 404.
  if (!enterprise) throw notFound();
  const db = await getDb();
  const isMember = may(user, "enterprise.apply", null);
  const [authorizations, changes, orders, changeable, onRecord] = await Promise.all([
    listAuthorizations(db, user, { enterpriseId: enterprise.id }),
    listChanges(db, user, enterprise.id),
    listOrders(db, user, { enterpriseId: enterprise.id }),
    isMember ? changeableAuthorizations(db, enterprise.id) : Promise.resolve([]),
    isMember ? hasParticularsOnRecord(db, enterprise.id) : Promise.resolve(false),
  ]);
  return {
    enterprise,
    authorizations: authorizations.map((a) => ({ ...a, orderLabels: may(user, "authorization.orderLabels", a) })),
    changes,
    orders,
    changeable,
    canApply: isMember,
    // Something to change (hasParticularsOnRecord): a brand-new enterprise is told when the form comes.
    canRequestChange: may(user, "enterprise.requestChange", { onRecord }),
    isRegulator: may(user, "change.decide", null),
  };
}

const changeSchema = z.object({
  name: field.optionalText(200),
  address: field.optionalText(200),
  legalRepresentative: field.optionalText(50),
  uscc: field.optionalText(64),
  products: field.optionalText(200),
  authorizationId: field.optionalText(36),
  reason: field.optionalText(500),
});
const decisionSchema = z.object({
  changeId: z.string().uuid("form.invalid"),
  decision: z.enum(["approve", "reject"]),
  comment: field.optionalText(500),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const enterprise = await findVisibleEnterprise(db, user, idParam(params, "enterpriseId"));
  if (!enterprise) throw notFound();
  return formAction(readForm(request), async (formData) => {
    if (formData.get("intent") === "requestChange") {
      const { reason, ...proposal } = formInput(formData, changeSchema);
      await requestChange(db, user, proposal, reason);
      return `/enterprises/${enterprise.id}?notice=change.requested`;
    }
    const input = formInput(formData, decisionSchema);
    const approve = input.decision === "approve";
    await decideChange(db, user, input.changeId, { approve, comment: input.comment });
    return `/enterprises/${enterprise.id}?notice=${approve ? "change.approved" : "change.rejected"}`;
  });
}

export default function EnterprisePage() {
  const { enterprise, authorizations, changes, orders, changeable, canApply, canRequestChange, isRegulator } =
    useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const lang = useLang();
  return (
    <>
      <h1>{enterprise.name}</h1>
      {params.get("orgCodeWarning") === "1" ? (
        <div className="alert warn" role="status">
          {t("register.orgCodeWarning")}
        </div>
      ) : null}
      <Facts>
        <Fact label={t("enterprise.uscc")} className="code">
          {enterprise.uscc}
        </Fact>
        <Fact label={t("enterprise.division")}>{enterprise.division_name}</Fact>
        <Fact label={t("enterprise.legalRepresentative")}>{enterprise.legal_representative ?? t("common.none")}</Fact>
        <Fact label={t("enterprise.address")}>{enterprise.address ?? t("common.none")}</Fact>
        <Fact label={t("enterprise.contact")}>
          {enterprise.contact_name} {enterprise.contact_phone}
        </Fact>
        <Fact label={t("enterprise.registeredAt")}>{formatDateTime(enterprise.created_at, lang)}</Fact>
      </Facts>
      {enterprise.org_code_check_failed ? <p className="muted">⚠ {t("enterprise.orgCodeFlag")}</p> : null}
      <h2>{t("authz.list")}</h2>
      {canApply ? (
        <p>
          <a className="button" href="/apply">
            {t("authz.apply")}
          </a>
        </p>
      ) : null}
      <AuthorizationTable rows={authorizations} label={t("authz.list")} />
      <p>
        <a href={`/registry/enterprises/${enterprise.id}`}>{t("register.timeline")}</a>
      </p>
      <h2>{t("labels.orders")}</h2>
      <LabelOrdersTable rows={orders} label={t("labels.orders")} />
      <h2>{t("change.title")}</h2>
      <ErrorSummary
        failure={failure}
        labels={{
          name: t("enterprise.name"),
          address: t("enterprise.address"),
          legalRepresentative: t("enterprise.legalRepresentative"),
          uscc: t("enterprise.uscc"),
          products: t("field.products"),
          authorizationId: t("change.authorization"),
          comment: t("authz.comment"),
        }}
      />
      <ChangeRequests changes={changes} isRegulator={isRegulator} />
      {canApply && !canRequestChange ? <p className="muted">{t("change.nothingOnRecord")}</p> : null}
      {canRequestChange ? (
        <ActionCard
          title={t("change.request")}
          headingId="change-form"
          hidden={{ intent: "requestChange" }}
          failure={failure}
        >
          <TextField name="name" label={t("enterprise.name")} defaultValue={enterprise.name} maxLength={200} />
          <TextField
            name="address"
            label={t("enterprise.address")}
            defaultValue={enterprise.address ?? ""}
            maxLength={200}
          />
          <TextField
            name="legalRepresentative"
            label={t("enterprise.legalRepresentative")}
            defaultValue={enterprise.legal_representative ?? ""}
            maxLength={50}
          />
          <TextField name="uscc" label={t("enterprise.uscc")} defaultValue={enterprise.uscc} maxLength={64} />
          {changeable.length ? (
            <>
              <SelectField
                name="authorizationId"
                label={t("change.authorization")}
                hint={t("change.authorizationHint")}
                defaultValue=""
              >
                <option value="">{t("change.authorizationChoose")}</option>
                {changeable.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.mark_name} · {a.township} · {a.products}
                  </option>
                ))}
              </SelectField>
              <TextField name="products" label={t("field.products")} maxLength={200} />
            </>
          ) : null}
          <TextField name="reason" label={t("change.reason")} maxLength={500} />
        </ActionCard>
      ) : null}
    </>
  );
}
