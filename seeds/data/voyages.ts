/*
 * Demo vessels for the sea legs of the Western Land-Sea corridor (decision 016): made-up
 * feeders on Qinzhou → Singapore, their IMO numbers with valid check digits but belonging to no
 * real ship in this demo. The seed nominates them in turn to each departure, with a voyage
 * number of the sailing's year, ISO week and sailing of the week ("26502S": 2026, week 50,
 * second sailing, southbound).
 */
export interface SeaVoyageSeed {
  service: string;
  /** The ServiceLeg.sequence of the SEA leg. */
  legSequence: number;
  vessels: { name: string; imo: string }[];
}

export const SEA_VOYAGES: SeaVoyageSeed[] = [
  {
    service: "LAZ-SIN-QZH",
    legSequence: 3,
    vessels: [
      { name: "BEIBU GULF PIONEER", imo: "9812341" },
      { name: "QINZHOU EXPRESS", imo: "9607124" },
      { name: "SILU SEA STAR", imo: "9483011" },
    ],
  },
];
