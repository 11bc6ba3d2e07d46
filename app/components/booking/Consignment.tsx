import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { PresentedConsignment } from "~/domain/booking/consignment-view";

/** The wizard steps a summary's sections come from (and where their "Change" links lead). */
export type SummaryStep = "equipment" | "cargo" | "parties";

/**
 * A part of a summary: its heading and, on the review step, a link back to the wizard step that
 * changes it. The link shows "Change"; its accessible name also says what it changes.
 */
export function SummaryHeading({
  id,
  level = 2,
  title,
  change,
}: {
  id: string;
  level?: 2 | 3;
  title: string;
  change?: string;
}) {
  const { t } = useTranslation("booking");
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <div className="summary-heading">
      <Heading id={id}>{title}</Heading>
      {change ? (
        <Link to={change} className="change-link">
          {t("summary.change")}
          <span className="visually-hidden"> {title}</span>
        </Link>
      ) : null}
    </div>
  );
}

/**
 * The cargo lines with their totals, and who ships, receives and is told, the door legs and the
 * Incoterm: the waybill's content. `change` gives a wizard step's address (the review step).
 */
export function Consignment({
  consignment,
  change,
}: {
  consignment: PresentedConsignment;
  change?: (step: SummaryStep) => string;
}) {
  const { t } = useTranslation("booking");
  if (consignment.lines.length === 0 && consignment.parties.length === 0) return null;
  return (
    <section aria-labelledby="consignment-title">
      <h2 id="consignment-title">{t("consignment.title")}</h2>
      <SummaryHeading id="summary-cargo" level={3} title={t("wizard.step.cargo")} change={change?.("cargo")} />
      {consignment.lines.length > 0 ? (
        // Wider than a phone: it scrolls sideways in its own box, which the keyboard can reach.
        <div className="scroll-x" tabIndex={0} role="group" aria-labelledby="consignment-title">
          <table className="capacity-table">
            <thead>
              <tr>
                <th scope="col">{t("cargo.description")}</th>
                <th scope="col">{t("cargo.hsCode")}</th>
                <th scope="col">{t("cargo.packages")}</th>
                <th scope="col">{t("cargo.lineWeightKg")}</th>
                <th scope="col">{t("cargo.volumeM3")}</th>
                <th scope="col">{t("cargo.dangerousGoods")}</th>
              </tr>
            </thead>
            <tbody>
              {consignment.lines.map((line, index) => (
                <tr key={index}>
                  <td>{line.description}</td>
                  <td>
                    <bdi>{line.hsCode}</bdi>
                  </td>
                  <td>
                    {line.packages} {t(`cargo.packageTypes.${line.packageType}`)}
                  </td>
                  <td>{line.grossWeightKg}</td>
                  <td>{line.volumeM3}</td>
                  <td>{line.dangerous ? <bdi>{line.dangerous}</bdi> : "—"}</td>
                </tr>
              ))}
            </tbody>
            {consignment.lines.length > 1 ? (
              <tfoot>
                <tr>
                  <th scope="row" colSpan={2}>
                    {t("consignment.total")}
                  </th>
                  <td>{consignment.totals.packages}</td>
                  <td>{consignment.totals.grossWeightKg}</td>
                  <td>{consignment.totals.volumeM3}</td>
                  <td />
                </tr>
              </tfoot>
            ) : null}
          </table>
        </div>
      ) : null}
      {consignment.reeferTemperatureC !== null ? (
        <p>
          {t("cargo.reeferTemperatureC")}: {consignment.reeferTemperatureC}
        </p>
      ) : null}
      <SummaryHeading id="summary-parties" level={3} title={t("wizard.step.parties")} change={change?.("parties")} />
      <div className="party-cards">
        {consignment.parties.map((party) => (
          <address key={party.role}>
            {/* The form's label says the notify party is optional; a summary just names it. */}
            <strong>{t(party.role === "notify" ? "summary.notifyParty" : `parties.${party.role}`)}</strong>
            <br />
            <bdi>{party.name}</bdi>
            {party.address.map((line, index) => (
              <span key={index}>
                <br />
                <bdi>{line}</bdi>
              </span>
            ))}
            {party.contact ? (
              <>
                <br />
                <bdi>{party.contact}</bdi>
              </>
            ) : null}
            {party.taxId ? (
              <>
                <br />
                {t("parties.taxId")}: <bdi>{party.taxId}</bdi>
              </>
            ) : null}
          </address>
        ))}
        {consignment.doors.map((door) => (
          <address key={door.leg}>
            <strong>{t(`parties.${door.leg}`)}</strong>
            {door.address ? (
              door.address.map((line, index) => (
                <span key={index}>
                  <br />
                  <bdi>{line}</bdi>
                </span>
              ))
            ) : (
              <>
                <br />
                {t(`summary.noDoor.${door.leg}`)}
              </>
            )}
          </address>
        ))}
      </div>
      {consignment.incoterm ? (
        <p>
          {t("parties.incoterm")}: <bdi>{consignment.incoterm}</bdi> — {t(`parties.incoterms.${consignment.incoterm}`)}
        </p>
      ) : null}
    </section>
  );
}
