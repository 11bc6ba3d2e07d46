import { useTranslation } from "react-i18next";
import type { InstructionsView } from "~/domain/instructions/instructions-view.server";

/** Where the instructions stand, until when they can be given, and why not when they cannot. */
export function InstructionsStatus({ page }: { page: InstructionsView }) {
  const { t } = useTranslation("instructions");
  const status =
    page.status === "SUBMITTED"
      ? t("page.submitted", { version: page.version, time: page.submittedAt })
      : page.status === "DRAFT"
        ? t("page.draft")
        : t("page.none");
  return (
    <>
      <p className="badges">
        <span className="badge" data-testid="instructions-status">
          {status}
        </span>
      </p>
      {page.status === "DRAFT" && page.version > 0 ? (
        <p className="field-hint">{t("page.draftAfterSubmit", { version: page.version })}</p>
      ) : null}
      {!page.confirmed ? (
        <p className="lead">{t("page.notYet")}</p>
      ) : page.writable ? (
        <p className="lead">
          {page.reopenedUntil
            ? t("page.reopened", { time: page.reopenedUntil })
            : t("page.lead", { time: page.docCutoff })}
        </p>
      ) : (
        <p className="lead">
          {page.readOnlyReason === "locked"
            ? t("page.locked")
            : page.readOnlyReason === "closed"
              ? t("page.closed")
              : t("page.readOnly")}
        </p>
      )}
      {page.booked.length > 0 ? (
        <details>
          <summary>{t("page.booked")}</summary>
          <ul>
            {page.booked.map((line, index) => (
              <li key={index}>
                <bdi>{line.description}</bdi> · HS <bdi>{line.hsCode}</bdi> · {t("page.bookedLine", line)}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}
