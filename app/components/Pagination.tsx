import { Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

function pageHref(search: string, page: number): string {
  const params = new URLSearchParams(search);
  if (page <= 1) params.delete("page");
  else params.set("page", String(page));
  const query = params.toString();
  return query ? `?${query}` : "?";
}

/** `pageCount` is null when the total was too large to count: then only "next" is known. */
export function Pagination({
  page,
  pageCount,
  hasNextPage,
}: {
  page: number;
  pageCount: number | null;
  hasNextPage: boolean;
}) {
  const { t } = useTranslation("common");
  const { search } = useLocation();
  if (page <= 1 && !hasNextPage) return null;
  return (
    <nav className="pagination" aria-label={t("pagination.label")}>
      {page > 1 ? (
        <Link to={pageHref(search, page - 1)} rel="prev">
          {t("pagination.previous")}
        </Link>
      ) : null}
      <span aria-current="page">
        {pageCount ? t("pagination.status", { page, pageCount }) : t("pagination.page", { page })}
      </span>
      {hasNextPage ? (
        <Link to={pageHref(search, page + 1)} rel="next">
          {t("pagination.next")}
        </Link>
      ) : null}
    </nav>
  );
}
