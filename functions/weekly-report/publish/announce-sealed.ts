/** What anchoring and delivering a sealed report gave. */
export interface Announced<A, D> {
  anchor: A;
  delivered: D;
}

/**
 * Anchors a sealed report, then delivers it, each whatever becomes of the other: a failed email
 * (a tenant's, say) never leaves the manifest unanchored, and an anchor that could not be written
 * never holds back an email. The first failure is rethrown once both were tried, so the run still
 * fails visibly and its retry repeats only what did not happen (both steps are idempotent).
 */
export async function anchorThenDeliver<A, D>(
  anchor: () => Promise<A>,
  deliver: () => Promise<D>,
): Promise<Announced<A, D>> {
  const anchored = await settle(anchor);
  const delivered = await settle(deliver);
  if (!anchored.ok) throw anchored.error;
  if (!delivered.ok) throw delivered.error;
  return { anchor: anchored.value, delivered: delivered.value };
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

async function settle<T>(step: () => Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await step() };
  } catch (error) {
    return { ok: false, error };
  }
}
