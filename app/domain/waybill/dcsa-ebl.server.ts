import { AppError } from "~/utils/app-error";
import { env } from "~/utils/env.server";
import { fixedT } from "~/i18n/i18next.server";
import type { Locale } from "~/i18n/config";
import {
  CARRIAGE_TERMS_CLAUSES,
  CARRIAGE_TERMS_VERSION,
  carriageTermsEffectiveDate,
} from "~/domain/booking/carriage-terms";
import { problemDetails } from "~/utils/forms.server";
import { WaybillContentSchema } from "./content";
import { DCSA_EBL_SCHEMA_URL, DCSA_EBL_VERSION, toDcsaTransportDocument } from "./dcsa-ebl";
import type { WaybillStatus } from "./status";

/**
 * The carriage terms in English as DCSA's `termsAndConditions`: the version the document was
 * issued under, with every clause (the terms page, /{lang}/terms, has them in every language).
 */
async function termsText(version: string): Promise<string> {
  // Only the version in force has its text in the locale files; an older one would need its own.
  if (version !== CARRIAGE_TERMS_VERSION)
    throw new AppError("waybillEblIncomplete", 409, undefined, { carriageTerms: "missing" });
  const t = await fixedT("en", "terms");
  const clauses = CARRIAGE_TERMS_CLAUSES.map((key) => `${t(`clauses.${key}.title`)}\n${t(`clauses.${key}.text`)}`);
  return [
    `${t("title")} (${t("version", { version, date: carriageTermsEffectiveDate("en") })})`,
    t("intro"),
    ...clauses,
  ].join("\n\n");
}

/**
 * The DCSA eBL 3.0 TransportDocument of an issued version (as `findWaybillVersion` reads it),
 * as the JSON text served. Refusals are AppErrors (409): see `toDcsaTransportDocument`.
 */
export async function waybillTransportDocument(issued: {
  json: string;
  status: WaybillStatus;
  latestVersion: number;
}): Promise<string> {
  const content = WaybillContentSchema.parse(JSON.parse(issued.json));
  const document = toDcsaTransportDocument(content, {
    status: issued.status,
    latestVersion: issued.latestVersion,
    termsAndConditions: await termsText(content.carriageTerms.version),
    contact: { name: "Silu Gateway documentation", email: env().OPERATOR_DOCUMENTS_EMAIL },
  });
  return JSON.stringify(document, null, 2);
}

/** The headers naming the DCSA release and schema the export follows. */
export const DCSA_EBL_HEADERS = {
  "API-Version": DCSA_EBL_VERSION,
  Link: `<${DCSA_EBL_SCHEMA_URL}>; rel="describedby"; title="DCSA eBL ${DCSA_EBL_VERSION} TransportDocument"`,
};

/**
 * Why a document has no DCSA form, for whoever asked: RFC 9457 problem details with the
 * reason in the reader's language (`detail`) and, for missing data, each part (`fields`).
 */
export async function eblProblemResponse(error: AppError, locale: Locale): Promise<Response> {
  const t = await fixedT(locale, "waybill");
  const body = { ...problemDetails(error), detail: t(`errors.${error.code}`) };
  return new Response(JSON.stringify(body), {
    status: error.status,
    headers: { "Content-Type": "application/problem+json; charset=utf-8", "Cache-Control": "private, no-store" },
  });
}
