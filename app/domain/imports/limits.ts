/** The largest departures CSV the upload form takes, and the most departures one file may hold. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 20_000;
