import { useTranslation } from "react-i18next";
import type { WaybillContentView } from "~/domain/waybill/waybill-view";

type Party = WaybillContentView["shipper"];
type Goods = WaybillContentView["containers"][number]["goods"][number];

function Fact({ label, testId, children }: { label: string; testId?: string; children: React.ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

function PartyBlock({ label, party, children }: { label: string; party: Party; children?: React.ReactNode }) {
  return (
    <div className="waybill-box">
      <h3>{label}</h3>
      {children}
      {party ? (
        <p>
          <bdi>{party.name}</bdi>
          {party.lines.map((line, index) => (
            <span key={index}>
              <br />
              <bdi>{line}</bdi>
            </span>
          ))}
        </p>
      ) : (
        <p>—</p>
      )}
    </div>
  );
}

function GoodsTable({ goods }: { goods: Goods[] }) {
  const { t } = useTranslation(["waybill", "booking"]);
  return (
    <table className="capacity-table stacked-table">
      <thead>
        <tr>
          <th scope="col">{t("goods")}</th>
          <th scope="col">{t("hsCode")}</th>
          <th scope="col">{t("packages")}</th>
          <th scope="col">{t("grossWeight")}</th>
          <th scope="col">{t("volume")}</th>
          <th scope="col">{t("marks")}</th>
        </tr>
      </thead>
      <tbody>
        {goods.map((line, index) => (
          <tr key={index}>
            <td data-label={t("goods")}>
              <bdi>{line.description}</bdi>
              {line.dangerousGoods ? (
                <>
                  <br />
                  {t("dangerousGoods")}: <bdi>{line.dangerousGoods}</bdi>
                </>
              ) : null}
            </td>
            <td data-label={t("hsCode")}>
              <bdi>{line.hsCode}</bdi>
            </td>
            <td data-label={t("packages")}>
              {line.packages} {t(`booking:cargo.packageTypes.${line.packageType}`)}
            </td>
            <td data-label={t("grossWeight")}>{line.grossKg}</td>
            <td data-label={t("volume")}>{line.volumeM3}</td>
            <td data-label={t("marks")}>
              <bdi>{line.marks ?? "N/M"}</bdi>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A through waybill's content as a page: the fields of the PDF, in the reader's language. */
export function WaybillDocument({ content }: { content: WaybillContentView }) {
  const { t } = useTranslation(["waybill", "common", "booking"]);
  const endpoint = (value: WaybillContentView["placeOfReceipt"]) => (
    <p>
      {t(value.kind)}
      {value.lines.map((line, index) => (
        <span key={index}>
          <br />
          <bdi>{line}</bdi>
        </span>
      ))}
    </p>
  );
  return (
    <section className="waybill-document" data-testid="waybill-document" aria-label={t("title")}>
      <dl className="facts">
        <Fact label={t("operator")}>
          <bdi>{content.operator}</bdi>
        </Fact>
        <Fact label={t("number")} testId="waybill-number">
          {content.number ? <bdi>{content.number}</bdi> : t("draft")}
        </Fact>
        {content.version ? <Fact label={t("version")}>{content.version}</Fact> : null}
        {content.amendmentReason ? (
          <Fact label={t("amendmentReason")}>
            <bdi>{content.amendmentReason}</bdi>
          </Fact>
        ) : null}
        {content.issue ? (
          <>
            <Fact label={t("placeOfIssue")}>
              <bdi>{content.issue.place}</bdi>
            </Fact>
            <Fact label={t("dateOfIssue")}>{content.issue.date}</Fact>
          </>
        ) : null}
        <Fact label={t("bookingReference")}>
          <bdi>{content.bookingReference}</bdi>
        </Fact>
        {content.invoiceNumber ? (
          <Fact label={t("invoiceReference")}>
            <bdi>{content.invoiceNumber}</bdi>
          </Fact>
        ) : null}
        <Fact label={t("freightTerms")}>{t(`freight.${content.freightTerms}`)}</Fact>
        <Fact label={t("originals")}>{content.originals === 0 ? t("electronicOnly") : content.originals}</Fact>
      </dl>
      <div className="waybill-parties">
        <PartyBlock label={t("shipper")} party={content.shipper} />
        <PartyBlock label={t("consignee")} party={content.consignee.party}>
          {content.consignee.toOrder ? (
            <p>
              {content.consignee.orderOf ? (
                <>
                  {t("toOrder")}: <bdi>{content.consignee.orderOf}</bdi>
                </>
              ) : (
                t("toOrderOfShipper")
              )}
            </p>
          ) : null}
        </PartyBlock>
        <PartyBlock label={t("notifyParty")} party={content.notifyParty} />
      </div>
      <div className="waybill-parties">
        <div className="waybill-box">
          <h3>{t("placeOfReceipt")}</h3>
          {endpoint(content.placeOfReceipt)}
        </div>
        <div className="waybill-box">
          <h3>{t("placeOfDelivery")}</h3>
          {endpoint(content.placeOfDelivery)}
        </div>
      </div>
      <h3>
        {t("legs")} · {t("service")} <bdi>{content.service}</bdi>
      </h3>
      <ol className="waybill-legs">
        {content.legs.map((leg) => (
          <li key={leg.sequence}>
            {t(`common:legMode.${leg.mode}`)}: <bdi>{leg.from}</bdi> → <bdi>{leg.to}</bdi> · {leg.departure} –{" "}
            {leg.arrival}
            {leg.endsAtBorder ? ` · ${t("borderCrossing")}` : ""}
            {leg.gaugeChange ? ` · ${t("gaugeChange")} ${leg.gaugeChange}` : ""}
          </li>
        ))}
      </ol>
      {content.containers.map((container) => (
        <section key={container.sequence} className="waybill-container" data-testid="waybill-container">
          <h3>
            {t("containers")} {container.sequence}: <bdi>{container.isoSizeType}</bdi> ·{" "}
            {container.containerNumber ? <bdi>{container.containerNumber}</bdi> : t("atGateIn")}
          </h3>
          <p>
            {t("seals")}: <bdi>{container.seals || "—"}</bdi>
            {container.vgm ? (
              <>
                {" · "}
                {t("vgm")}: {container.vgm.kg} kg ({container.vgm.method}, <bdi>{container.vgm.responsible}</bdi>)
              </>
            ) : null}
            {container.reeferSetpointC !== null ? ` · ${t("reefer")}: ${container.reeferSetpointC} °C` : null}
          </p>
          <GoodsTable goods={container.goods} />
        </section>
      ))}
      {content.air ? (
        <section className="waybill-container">
          <h3>{t("airPieces")}</h3>
          <ul>
            {content.air.pieces.map((piece, index) => (
              <li key={index}>
                {piece.quantity} × {piece.dimensions} cm · {piece.grossKg} kg
              </li>
            ))}
          </ul>
          <GoodsTable goods={content.air.goods} />
        </section>
      ) : null}
      <h3>{t("totals")}</h3>
      <dl className="facts">
        <Fact label={t("containers")}>{content.totals.containers}</Fact>
        <Fact label={t("packages")}>{content.totals.packages}</Fact>
        <Fact label={t("grossWeight")}>{content.totals.grossKg}</Fact>
        <Fact label={t("volume")}>{content.totals.volumeM3}</Fact>
      </dl>
    </section>
  );
}
