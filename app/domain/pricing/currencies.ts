/** The currencies a viewer may choose to see the board's prices in (decision 013). */
export const DISPLAY_CURRENCIES = ["CNY", "EUR", "USD"] as const;
export type DisplayCurrency = (typeof DISPLAY_CURRENCIES)[number];
