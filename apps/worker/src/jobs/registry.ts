import { reconcileBilling, retryBillingEvents, syncPendingSeats } from "@saas/billing";
import { deleteExpiredAuthRecords, expirePendingInvitations, type Database } from "@saas/db";
import { listRunnableLeadImports, runLeadImport } from "@saas/leads";
import type { Logger } from "pino";
import type { WorkerBilling } from "../deps";
import { parseCronSchedule, type CronSchedule } from "./cron-schedule";

export interface JobContext {
  db: Database;
  logger: Logger;
  /** Null when billing is not configured; jobs that need it are skipped. */
  billing: WorkerBilling | null;
  now: Date;
}

export interface JobDefinition {
  name: string;
  description: string;
  /** When the in-process schedule (WORKER_SCHEDULE=true) runs it. */
  schedule: CronSchedule;
  needsBilling: boolean;
  /** Idempotent: running it twice in a row changes nothing the second time. Returns a JSON report. */
  run(ctx: JobContext): Promise<unknown>;
}

function job(definition: Omit<JobDefinition, "schedule"> & { schedule: string }): JobDefinition {
  return { ...definition, schedule: parseCronSchedule(definition.schedule) };
}

/** The billing dependencies of a job that declared it needs them (runJob skips it otherwise). */
function billingOf(ctx: JobContext): WorkerBilling {
  if (!ctx.billing) throw new Error("billing is not configured");
  return ctx.billing;
}

export const JOBS: readonly JobDefinition[] = [
  job({
    name: "cleanup-auth",
    description: "End impersonations past their time (audited), then delete expired sessions and verification tokens, and stale rate-limit counters.",
    schedule: "17 * * * *",
    needsBilling: false,
    run: ({ db, now }) => deleteExpiredAuthRecords(db, now),
  }),
  job({
    name: "expire-invitations",
    description: "Mark pending invitations past their expiry as expired.",
    schedule: "*/15 * * * *",
    needsBilling: false,
    run: ({ db, now }) => expirePendingInvitations(db, now),
  }),
  job({
    name: "retry-billing-events",
    description: "Apply again the failed Stripe events whose backoff has elapsed; give up after 12 attempts.",
    schedule: "* * * * *",
    needsBilling: true,
    run: (ctx) => retryBillingEvents(billingOf(ctx), { now: ctx.now }),
  }),
  job({
    name: "resume-lead-imports",
    description: "Run the CSV imports that are queued, or whose run lost its lease (its process stopped).",
    schedule: "* * * * *",
    needsBilling: false,
    run: async ({ db }) => {
      const outcomes: Record<string, string> = {};
      for (const id of await listRunnableLeadImports(db)) outcomes[id] = await runLeadImport(db, id);
      return { imports: outcomes };
    },
  }),
  job({
    name: "sync-seats",
    description: "Bring each per-seat subscription to its member count in Stripe, after membership changes (the seat-sync outbox).",
    schedule: "* * * * *",
    needsBilling: true,
    run: (ctx) => syncPendingSeats(billingOf(ctx), { now: ctx.now }),
  }),
  job({
    name: "reconcile-billing",
    description: "Compare every Stripe subscription with ours, correct drift and seats, report duplicates.",
    schedule: "23 3 * * *",
    needsBilling: true,
    run: (ctx) => reconcileBilling(billingOf(ctx)),
  }),
];

export function findJob(name: string): JobDefinition | undefined {
  return JOBS.find((candidate) => candidate.name === name);
}
