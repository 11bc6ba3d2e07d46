import type { Milestone } from "~/domain/operations/events";

/** A leg of a service as the plan reads it. */
export interface PlanLeg {
  fromCode: string;
  toCode: string;
  plannedHours: number;
  gaugeChange: string | null;
}

/** One planned (PLN) call of a consignment: what the train should do where, and when. */
export interface PlannedCall {
  milestone: Extract<Milestone, "DEPARTED" | "BORDER_CROSSED" | "ARRIVED">;
  typeCode: "DEPA" | "ARRI";
  facilityType: "RAMP" | "BOCR";
  placeCode: string;
  eventAt: Date;
  gaugeChange: string | null;
}

/**
 * The planned calls of a departure, from its timetable: leaving the origin, crossing each
 * border (a place of kind BORDER or a gauge change), arriving at and leaving each other place
 * where one leg ends and the next begins, and arriving at the destination. Times share the
 * departure's span (departureAt → etaAt) in proportion to the legs' planned hours, so the last
 * call is the departure's ETA even when the timetable's ETA is not the sum of the legs.
 */
export function plannedCalls(
  departure: { departureAt: Date; etaAt: Date; originCode: string },
  legs: readonly PlanLeg[],
  isBorder: (placeCode: string) => boolean,
): PlannedCall[] {
  const start = departure.departureAt.getTime();
  const span = departure.etaAt.getTime() - start;
  const totalHours = legs.reduce((sum, leg) => sum + Math.max(0, leg.plannedHours), 0);
  const calls: PlannedCall[] = [
    {
      milestone: "DEPARTED",
      typeCode: "DEPA",
      facilityType: "RAMP",
      placeCode: departure.originCode,
      eventAt: departure.departureAt,
      gaugeChange: null,
    },
  ];
  let hours = 0;
  legs.forEach((leg, index) => {
    hours += Math.max(0, leg.plannedHours);
    const last = index === legs.length - 1;
    const eventAt = last
      ? departure.etaAt
      : new Date(start + Math.round(totalHours > 0 ? (span * hours) / totalHours : (span * (index + 1)) / legs.length));
    const at = { placeCode: leg.toCode, eventAt };
    if (last) {
      calls.push({ milestone: "ARRIVED", typeCode: "ARRI", facilityType: "RAMP", gaugeChange: null, ...at });
    } else if (leg.gaugeChange || isBorder(leg.toCode)) {
      calls.push({
        milestone: "BORDER_CROSSED",
        typeCode: "DEPA",
        facilityType: "BOCR",
        gaugeChange: leg.gaugeChange,
        ...at,
      });
    } else {
      calls.push({ milestone: "ARRIVED", typeCode: "ARRI", facilityType: "RAMP", gaugeChange: null, ...at });
      calls.push({ milestone: "DEPARTED", typeCode: "DEPA", facilityType: "RAMP", gaugeChange: null, ...at });
    }
  });
  return calls;
}
