import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ImportColumns, ImportReportView } from "~/components/imports/ImportReport";
import {
  appliedUpload,
  applyUpload,
  checkUpload,
  MAX_IMPORT_BYTES,
  requireImporter,
  type ImportReport,
} from "~/domain/imports/import-departures.server";
import { requireActor } from "~/domain/identity/actor.server";
import { requestMeta } from "~/domain/identity/session.server";
import { loadCatalog, placeName } from "~/domain/places/catalog.server";
import { fixedT } from "~/i18n/i18next.server";
import { appliedParam, importApplySchema, importCheckSchema } from "~/schemas/imports";
import { db } from "~/utils/db.server";
import { domainRoute, pageFailure } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";
import { readFileForm } from "~/utils/upload.server";

export const handle = { i18n: ["common", "imports"] };

/** Supervisors import departures of their ports' services; to anyone else the page does not exist. */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const { actor } = await requireActor(db(), request, locale);
  const ports = requireImporter(actor);
  const url = new URL(request.url);
  const t = await fixedT(locale, "imports");
  const sha256 = appliedParam.safeParse(url.searchParams.get("applied"));
  const [catalog, applied] = await Promise.all([
    loadCatalog(db()),
    sha256.success ? appliedUpload(db(), actor, sha256.data) : null,
  ]);
  return {
    title: t("title"),
    ports: new Intl.ListFormat(locale, { type: "conjunction" }).format(
      ports.map((code) => placeName(catalog, code, locale)),
    ),
    maxMegabytes: MAX_IMPORT_BYTES / 1024 / 1024,
    applied: applied && {
      fileName: applied.fileName,
      created: applied.created,
      updated: applied.updated,
      unchanged: applied.unchanged,
    },
  };
});

type ActionResult = { report: ImportReport; error?: undefined } | { error: string; report?: undefined };

/** A multipart post is the dry run of a file; a plain one applies the upload it names. */
export const action = /* @__PURE__ */ domainRoute(async function action({
  params,
  request,
  context,
}: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const { actor } = await requireActor(db(), request, locale);
  requireImporter(actor);
  const now = new Date();
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    const upload = await readFileForm(request, "file", MAX_IMPORT_BYTES);
    if (!upload.ok && upload.reason === "tooLarge") {
      return data<ActionResult>({ error: "errors.fileTooLarge" }, { status: 413 });
    }
    if (!upload.ok) return data<ActionResult>({ error: "errors.fileRequired" }, { status: 400 });
    const parsed = importCheckSchema.safeParse({ encoding: upload.formData.get("encoding") ?? undefined });
    if (!parsed.success) return data<ActionResult>({ error: "errors.encoding" }, { status: 400 });
    if (!upload.file) return data<ActionResult>({ error: "errors.fileRequired" }, { status: 400 });
    const encoding = parsed.data.encoding === "auto" ? undefined : parsed.data.encoding;
    const report = await checkUpload(db(), actor, upload.file, encoding, now);
    return data<ActionResult>({ report });
  }
  const parsed = importApplySchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data<ActionResult>({ error: "errors.uploadGone" }, { status: 400 });
  try {
    const result = await applyUpload(db(), actor, parsed.data.sha256, requestMeta(context, request), now);
    if (!result.applied) return data<ActionResult>({ report: result.report }, { status: 422 });
  } catch (error) {
    return pageFailure(error);
  }
  return redirect(`/${locale}/staff/imports?applied=${parsed.data.sha256}`);
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function DepartureImports() {
  const { t } = useTranslation(["imports", "common"]);
  const { lang } = useParams();
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  return (
    <>
      <h1>{page.title}</h1>
      <p className="lead">{t("lead", { ports: page.ports })}</p>
      {page.applied ? (
        <p className="notice" role="status" data-testid="import-applied">
          {t("applied", {
            fileName: page.applied.fileName,
            created: page.applied.created,
            updated: page.applied.updated,
            unchanged: page.applied.unchanged,
          })}
        </p>
      ) : null}
      <section aria-labelledby="import-template">
        <h2 id="import-template">{t("template.heading")}</h2>
        <p>{t("template.help")}</p>
        <p>
          <a href={`/${lang}/staff/imports/template.csv`} download data-testid="import-template">
            {t("template.download")}
          </a>
        </p>
        <ImportColumns />
      </section>
      <section aria-labelledby="import-upload">
        <h2 id="import-upload">{t("form.heading")}</h2>
        {result?.error ? (
          <p className="form-error" role="alert">
            {t(result.error)}
          </p>
        ) : null}
        <Form method="post" encType="multipart/form-data" className="stacked-form narrow" data-testid="import-form">
          <div className="field">
            <label htmlFor="import-file">{t("form.file")}</label>
            <p className="field-hint" id="import-file-hint">
              {t("form.fileHint", { max: page.maxMegabytes })}
            </p>
            <input
              id="import-file"
              name="file"
              type="file"
              accept=".csv,text/csv"
              required
              aria-describedby="import-file-hint"
            />
          </div>
          <div className="field">
            <label htmlFor="import-encoding">{t("form.encoding")}</label>
            <select id="import-encoding" name="encoding" defaultValue="auto">
              <option value="auto">{t("form.encodingAuto")}</option>
              <option value="UTF-8">UTF-8</option>
              <option value="GB18030">{t("form.encodingGb18030")}</option>
            </select>
          </div>
          <button type="submit">{t("form.check")}</button>
        </Form>
      </section>
      {result?.report ? <ImportReportView report={result.report} /> : null}
    </>
  );
}
