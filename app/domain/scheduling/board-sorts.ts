/** How the board orders departures (open ones always first). Kept apart: the filter form ships it to the browser. */
export const BOARD_SORTS = ["departure", "price", "transit"] as const;
export type BoardSort = (typeof BOARD_SORTS)[number];
