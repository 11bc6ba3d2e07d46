/** What a share link may be (decision 023): read by the exporter's form in the browser and by the server. */
export const SHARE_LINK_DAYS = [7, 30, 90] as const;
export type ShareLinkDays = (typeof SHARE_LINK_DAYS)[number];

/** A token as links carry it: 24 random bytes in base64url. */
export const SHARE_TOKEN = /^[A-Za-z0-9_-]{32}$/;
