import type { Database } from "@saas/db";
import type { ApiContext } from "./context";
import { assertStaffAccess } from "./procedures";

/**
 * A download for staff (a CSV of a console list): the staff check first, then the chunks as a
 * stream. The first chunk is read before answering, so a refusal it raises (bad input) is still
 * an error status rather than a broken download.
 */
export async function openStaffStream(ctx: ApiContext, produce: (db: Database) => AsyncGenerator<string>): Promise<ReadableStream<Uint8Array>> {
  await assertStaffAccess(ctx, { write: false });
  const chunks = produce(ctx.db);
  let pending: IteratorResult<string> | null = await chunks.next();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = pending ?? (await chunks.next());
      pending = null;
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
