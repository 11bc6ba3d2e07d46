import { useTranslation } from "react-i18next";
import type { PresentedConsignment } from "~/domain/booking/consignment-view";

/** The cargo lines with their totals, and who ships, receives and is told: the waybill's content. */
export function Consignment({ consignment }: { consignment: PresentedConsignment }) {
  const { t } = useTranslation("booking");
  if (consignment.lines.length === 0 && consignment.parties.length === 0) return null;
  return (
    <section aria-labelledby="consignment-title">
      <h2 id="consignment-title">{t("consignment.title")}</h2>
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
      <div className="party-cards">
        {consignment.parties.map((party) => (
          <address key={party.role}>
            <strong>{t(`parties.${party.role}`)}</strong>
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
            {door.address.map((line, index) => (
              <span key={index}>
                <br />
                <bdi>{line}</bdi>
              </span>
            ))}
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
