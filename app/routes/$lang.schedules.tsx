import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DepartureCard, useBoardLabels } from "~/components/DepartureCard";
import { Pagination } from "~/components/Pagination";
import { ScheduleFilterForm } from "~/components/ScheduleFilterForm";
import { cachedBoardRead } from "~/domain/scheduling/board-cache.server";
import { findBoardDepartures } from "~/domain/scheduling/board.server";
import { currencyOptions, filterOptions, presentBoardRows } from "~/domain/scheduling/board-view";
import { offeredCurrencies } from "~/domain/pricing/exchange-rates";
import { fixedT } from "~/i18n/i18next.server";
import { formatNumber } from "~/i18n/format";
import { parseScheduleFilters } from "~/schemas/schedule-filters";
import { db } from "~/utils/db.server";
import { requireLocale } from "~/utils/locale.server";
import { domainRoute } from "~/utils/forms.server";

export const handle = { i18n: ["common", "schedules"] };

export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const searchParams = new URL(request.url).searchParams;
  const { filters, errors } = parseScheduleFilters(searchParams);
  const [page, t] = await Promise.all([
    cachedBoardRead(JSON.stringify(filters), () => findBoardDepartures(db(), filters)),
    fixedT(locale, "schedules"),
  ]);
  // A currency without rates to every tariff currency is not offered; asked for anyway, the
  // prices stay as priced and the page says so.
  const offered = offeredCurrencies(page.rates);
  const currency = filters.currency && offered.includes(filters.currency) ? filters.currency : null;
  return {
    title: t("board.title"),
    values: Object.fromEntries(searchParams.entries()),
    errors,
    rows: presentBoardRows(page, locale, new Date(), { equipment: filters.equipment, currency }),
    currency,
    currencyUnavailable: filters.currency && !currency ? filters.currency : null,
    total: formatNumber(page.total, locale),
    totalCount: page.total,
    totalCapped: page.totalCapped,
    page: page.page,
    pageCount: page.pageCount,
    hasNextPage: page.hasNextPage,
    options: { ...filterOptions(page.catalog, locale), currencies: currencyOptions(offered, locale) },
  };
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function ScheduleBoard() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation("schedules");
  const labels = useBoardLabels();
  return (
    <>
      <h1>{t("board.title")}</h1>
      <p className="lead">{t("board.intro")}</p>
      <ScheduleFilterForm values={data.values} errors={data.errors} options={data.options} />
      <section aria-labelledby="results-heading" className="results">
        <h2 id="results-heading" aria-live="polite">
          {data.totalCapped
            ? t("board.resultCountCapped", { formatted: data.total })
            : t("board.resultCount", { count: data.totalCount, formatted: data.total })}
        </h2>
        {data.currency ? <p className="board-note">{t("board.convertedNote")}</p> : null}
        {data.currencyUnavailable ? (
          <p className="board-note" role="status">
            {t("board.currencyUnavailable", { currency: data.currencyUnavailable })}
          </p>
        ) : null}
        {data.rows.length === 0 ? (
          <p className="empty">{t("board.empty")}</p>
        ) : (
          <ol className="departure-list">
            {data.rows.map((row) => (
              <li key={row.id} className={row.open ? undefined : "closed"}>
                <DepartureCard row={row} labels={labels} />
              </li>
            ))}
          </ol>
        )}
        <Pagination page={data.page} pageCount={data.pageCount} hasNextPage={data.hasNextPage} />
      </section>
    </>
  );
}
