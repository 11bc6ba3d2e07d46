import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormError, FormField } from "~/components/FormField";
import { NoticeMessage } from "~/components/NoticeMessage";
import { ApiKeysTable } from "~/components/company/ApiKeysTable";
import { createApiKey, listApiKeys, revokeApiKey } from "~/domain/api/api-keys.server";
import { API_SCOPES, isApiScope } from "~/domain/api/scopes";
import { requireActor } from "~/domain/identity/actor.server";
import { redirectWithNotice, requestMeta, takeNotice } from "~/domain/identity/session.server";
import { formatLocalDateTime } from "~/i18n/format";
import { fixedT } from "~/i18n/i18next.server";
import { RECORD_ID, singleLine } from "~/schemas/fields";
import { db } from "~/utils/db.server";
import { domainRoute, failureFromError, parseForm, type FormFailure } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";

export const handle = { i18n: ["common", "account", "api"] };

const CreateSchema = z.object({
  intent: z.literal("create"),
  name: singleLine().pipe(z.string().min(1, "errors.required").max(60, "errors.tooLong")),
  scopes: z.array(z.string()).transform((scopes) => scopes.filter(isApiScope)),
});
const RevokeSchema = z.object({ intent: z.literal("revoke"), keyId: z.string().regex(RECORD_ID) });

/** The admin's company: keys belong to one company (the admin's first membership). */
async function adminCompany(request: Request, locale: string) {
  const context = await requireActor(db(), request, locale);
  const companyId = context.actor.memberships[0]?.companyId;
  if (!companyId) throw data(null, { status: 404 });
  return { ...context, companyId };
}

/** The company admin's partner-API keys (decision 019): create (shown once), list with their use, revoke. */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const { actor, user, companyId } = await adminCompany(request, locale);
  const [keys, t, { notice, headers }] = await Promise.all([
    listApiKeys(db(), actor, companyId),
    fixedT(locale, "api"),
    takeNotice(request),
  ]);
  const when = (date: Date | null) => (date ? formatLocalDateTime(date, locale, user.timeZone) : null);
  const rows = keys.map((key) => ({
    ...key,
    createdAt: when(key.createdAt)!,
    lastUsedAt: when(key.lastUsedAt),
    revokedAt: when(key.revokedAt),
  }));
  return data({ title: t("keys.title"), notice, keys: rows }, { headers });
});

export const action = /* @__PURE__ */ domainRoute(async function action({
  params,
  request,
  context,
}: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const { actor, companyId } = await adminCompany(request, locale);
  const formData = await request.formData();
  const { ipAddress } = requestMeta(context, request);
  try {
    if (formData.get("intent") === "revoke") {
      const parsed = parseForm(formData, RevokeSchema);
      if (!parsed.ok) throw data(null, { status: 400 });
      await revokeApiKey(db(), { actor, companyId, keyId: parsed.data.keyId, ipAddress });
      return redirectWithNotice(`/${locale}/company/api-keys`, { code: "apiKeyRevoked" });
    }
    const parsed = parseForm(formData, CreateSchema, ["scopes"]);
    if (!parsed.ok) return parsed.failure;
    const { name, scopes } = parsed.data;
    const created = await createApiKey(db(), { actor, companyId, name, scopes, ipAddress });
    // The key itself is in this one answer only: never stored, never shown again.
    return { created: { name, key: created.key } };
  } catch (error) {
    return failureFromError(error, formData);
  }
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function ApiKeys() {
  const { t } = useTranslation(["api", "account"]);
  const { lang } = useParams();
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as
    | ({ created: { name: string; key: string } } | FormFailure)
    | undefined;
  const failure = result && "errors" in result ? result : undefined;
  const created = result && "created" in result ? result.created : undefined;
  const ticked = failure ? [failure.values.scopes ?? ""].flat() : ["events:read"];
  return (
    <article className="narrow wide">
      <p className="breadcrumb">
        <Link to={`/${lang}/company`}>{t("account:company.title")}</Link>
      </p>
      <h1>{page.title}</h1>
      <p className="lead">{t("keys.lead")}</p>
      <NoticeMessage notice={page.notice} />
      {created ? (
        <section className="notice" role="status" aria-labelledby="new-key">
          <p id="new-key">{t("keys.created", { name: created.name })}</p>
          <label htmlFor="new-key-value">{t("keys.keyLabel")}</label>
          <input id="new-key-value" readOnly value={created.key} className="secret" data-testid="new-api-key" />
        </section>
      ) : null}
      <ApiKeysTable keys={page.keys} />
      <p>
        <Link to={`/${lang}/company/event-subscriptions`}>{t("subscriptions.link")}</Link>
      </p>
      <h2>{t("keys.new")}</h2>
      <Form method="post" className="stacked-form" noValidate>
        <FormError error={failure?.errors.form} />
        <FormField
          name="name"
          label={t("keys.name")}
          hint={t("keys.nameHint")}
          maxLength={60}
          defaultValue={failure?.values.name ?? ""}
          error={failure?.errors.name}
        />
        <fieldset aria-describedby={failure?.errors.scopes ? "scopes-error" : undefined}>
          <legend>{t("keys.scopes")}</legend>
          {API_SCOPES.map((scope) => (
            <label key={scope} className="checkbox">
              <input type="checkbox" name="scopes" value={scope} defaultChecked={ticked.includes(scope)} />{" "}
              {t(`keys.scope.${scope.replace(":", "_")}`)}
            </label>
          ))}
          {failure?.errors.scopes ? (
            <p className="field-error" id="scopes-error">
              {t(`account:${failure.errors.scopes}`)}
            </p>
          ) : null}
        </fieldset>
        <button type="submit" name="intent" value="create">
          {t("keys.create")}
        </button>
      </Form>
    </article>
  );
}
