import { attachBillingEvent, attachBillingEventInput, billingEventSearchSchema, getBillingEvent, listBillingEvents, replayBillingEvent, replayBillingEventInput } from "@saas/staff";
import { z } from "zod";
import { staffServiceActionProcedure, staffProcedure } from "../../procedures";
import { router } from "../../trpc";
import { auditEntrySchema } from "./users";

const event = z.object({
  id: z.uuid(),
  stripeEventId: z.string(),
  type: z.string(),
  status: z.string(),
  organizationId: z.uuid().nullable(),
  organizationName: z.string().nullable(),
  livemode: z.boolean(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.date().nullable(),
  processedAt: z.date().nullable(),
  createdAt: z.date(),
});

/** The webhook inbox for staff: list, one event with its payload, replay, attach an unmatched one's customer. */
export const staffBillingEventsRouter = router({
  list: staffProcedure
    .input(billingEventSearchSchema)
    .output(z.object({ items: z.array(event), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listBillingEvents(ctx.db, input)),

  get: staffProcedure
    .input(z.object({ eventId: z.uuid("Unknown billing event") }))
    .output(z.object({ event: event.extend({ payload: z.record(z.string(), z.unknown()), stripeCreated: z.number() }), audit: z.array(auditEntrySchema), replayable: z.boolean() }))
    .query(({ ctx, input }) => getBillingEvent(ctx.db, input.eventId)),

  replay: staffServiceActionProcedure
    .input(replayBillingEventInput)
    .output(z.object({ status: z.string(), organizationId: z.uuid().nullable(), error: z.string().optional(), attempts: z.number().int().optional() }))
    .mutation(async ({ ctx, input }) => {
      const outcome = await replayBillingEvent(ctx.billing, ctx.staffActor, input);
      return { status: outcome.status, organizationId: outcome.organizationId, error: outcome.error, attempts: outcome.attempts };
    }),

  attach: staffServiceActionProcedure
    .input(attachBillingEventInput)
    .output(z.object({ requeued: z.number().int() }))
    .mutation(({ ctx, input }) => attachBillingEvent(ctx.db, ctx.staffActor, input)),
});
