/**
 * A business rule said no. `code` names a translation key (errors.<code>) and, with `field`,
 * the form field the message belongs to; the edge maps `status` to the HTTP response.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number = 400,
    readonly field?: string,
  ) {
    super(code);
    this.name = "AppError";
  }
}

/** Prisma's unique-constraint violation (P2002), on either engine: the database refused a duplicate. */
export function isUniqueViolation(error: unknown): error is { code: string; meta?: unknown } {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}
