import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError, FormField } from "~/components/FormField";
import type { TerminalPage } from "~/domain/operations/terminal-view.server";
import type { FormFailure } from "~/utils/forms.server";
import { SelectField } from "~/components/SelectField";

type Page = Pick<TerminalPage, "milestones" | "places" | "containers" | "events" | "nowLocal" | "recordsEvents">;

/** Recording an actual event (or a correction of one), and the departure's timeline. */
export function EventForms({ page, failure }: { page: Page; failure: FormFailure | undefined }) {
  const { t } = useTranslation("terminal");
  const sent = failure?.values.intent === "event" ? failure : undefined;
  const errors = sent?.errors ?? {};
  const value = (name: string, fallback = "") => sent?.values[name] ?? fallback;
  const describe = (event: Page["events"][number]) =>
    `${t(`milestone.${event.milestone}`)} · ${event.place} · ${event.local}`;
  return (
    <section aria-labelledby="events">
      <h2 id="events">{t("events.title")}</h2>
      {page.recordsEvents ? (
        <Form method="post" className="stacked-form" aria-label={t("events.form")} data-testid="event-form">
          <FormError error={errors.form} />
          <input type="hidden" name="intent" value="event" />
          <SelectField
            id="event-milestone"
            name="milestone"
            label={t("events.milestone")}
            defaultValue={value("milestone")}
            options={page.milestones.map((milestone) => ({ value: milestone, label: t(`milestone.${milestone}`) }))}
            error={errors.milestone}
          />
          <SelectField
            id="event-place"
            name="placeCode"
            label={t("events.place")}
            defaultValue={value("placeCode")}
            options={page.places.map((place) => ({
              value: place.code,
              label: place.gaugeChange
                ? t("events.placeWithGauge", { place: place.name, code: place.code, gauge: place.gaugeChange })
                : `${place.name} (${place.code})`,
            }))}
            error={errors.placeCode}
          />
          <FormField
            id="event-localTime"
            name="localTime"
            type="datetime-local"
            label={t("events.localTime")}
            hint={t("events.localTimeHint")}
            defaultValue={value("localTime", page.nowLocal)}
            error={errors.localTime}
            required
          />
          <SelectField
            id="event-container"
            name="equipmentReference"
            label={t("events.container")}
            defaultValue={value("equipmentReference")}
            options={[
              { value: "", label: t("events.allContainers") },
              ...page.containers.map((number) => ({ value: number, label: number })),
            ]}
            error={errors.equipmentReference}
          />
          <FormField
            id="event-remark"
            name="remark"
            label={t("events.remark")}
            defaultValue={value("remark")}
            error={errors.remark}
            maxLength={250}
          />
          <SelectField
            id="event-supersedes"
            name="supersedesId"
            label={t("events.corrects")}
            defaultValue={value("supersedesId")}
            options={[
              { value: "", label: t("events.newEvent") },
              ...page.events
                .filter((event) => !event.correctedBy)
                .map((event) => ({ value: event.id, label: describe(event) })),
            ]}
            error={errors.supersedesId}
          />
          <button type="submit">{t("events.submit")}</button>
        </Form>
      ) : null}
      <h3>{t("events.timeline")}</h3>
      {page.events.length === 0 ? <p>{t("events.none")}</p> : null}
      <ol className="timeline" data-testid="event-timeline">
        {page.events.map((event) => (
          <li key={event.id} id={`event-${event.id}`} data-superseded={event.correctedBy ? "true" : undefined}>
            {event.correctedBy ? <del>{describe(event)}</del> : <strong>{describe(event)}</strong>}{" "}
            <span>
              ({event.typeCode} · {event.equipmentReference ?? t("events.allContainers")})
            </span>
            {event.gaugeChange ? <span> · {t("events.gauge", { gauge: event.gaugeChange })}</span> : null}
            {event.remark ? (
              <span>
                {" "}
                · <bdi>{event.remark}</bdi>
              </span>
            ) : null}
            {event.supersedesId ? <span> · {t("events.correction")}</span> : null}
            {event.correctedBy ? <span> · {t("events.corrected")}</span> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
