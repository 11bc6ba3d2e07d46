import { useTranslation } from "react-i18next";
import type { WaybillStatus } from "~/domain/waybill/status";

/**
 * Where the waybill stands, said for who is reading (the exporter or port staff): its status,
 * the last comment with it, and what happens next.
 */
export function WaybillStatusPanel({
  status,
  note,
  reader,
}: {
  status: WaybillStatus;
  note: string | null;
  reader: "exporter" | "staff";
}) {
  const { t } = useTranslation("waybill");
  return (
    <>
      <p className="badges">
        <span className={`badge waybill-${status.toLowerCase()}`} data-testid="waybill-status">
          {t(`status.${status}`)}
        </span>
      </p>
      <p className="lead">{t(`next.${reader}.${status}`)}</p>
      {note ? (
        <blockquote className="status-note" data-testid="waybill-note">
          <p className="field-hint">{t(status === "VOIDED" ? "page.voidReason" : "page.comment")}</p>
          <p>
            <bdi>{note}</bdi>
          </p>
        </blockquote>
      ) : null}
    </>
  );
}
