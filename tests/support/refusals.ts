/**
 * The HTTP status a domain call refused with: a thrown `data(null, { status })` from
 * `authorize`, or an AppError's status. Undefined when the call succeeded.
 */
export async function statusOf(promise: Promise<unknown>): Promise<number | undefined> {
  const thrown = await promise.then(
    () => null,
    (error: unknown) => error,
  );
  return (
    (thrown as { init?: { status: number } } | null)?.init?.status ?? (thrown as { status?: number } | null)?.status
  );
}
