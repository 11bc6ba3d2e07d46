/** Whether a company pays before confirmation or may book on account (物流信用). */
export const CREDIT_STATUSES = ["PREPAY", "ON_ACCOUNT"] as const;
export type CreditStatus = (typeof CREDIT_STATUSES)[number];
