import { leadImportTable, leadTable } from "@saas/db";
import { createTestDatabase, createTestOrganization, type TestDatabase } from "@saas/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { MAX_IMPORT_ROWS } from "../schemas";
import { runLeadImport } from "./run-lead-import";
import { uploadLeadImport } from "./upload-lead-import";

// The largest import allowed, 200,000 rows, with memory watched while it runs: the file is read
// a piece at a time and written a thousand rows at a time, so the heap must not grow with it.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.dispose());

function* csvFile(rows: number): Generator<Uint8Array> {
  const encoder = new TextEncoder();
  yield encoder.encode("First name,Last name,Email,Company,Value,Status\n");
  let lines: string[] = [];
  for (let i = 1; i <= rows; i++) {
    lines.push(`Person,Number ${i},person${i}@big.example,"Company ${i % 997}, Inc.",${i % 5000},${i % 2 ? "New" : "Contacted"}`);
    if (lines.length === 5000) {
      yield encoder.encode(`${lines.join("\n")}\n`);
      lines = [];
    }
  }
  if (lines.length) yield encoder.encode(`${lines.join("\n")}\n`);
}

async function* asAsync<T>(items: Iterable<T>) {
  yield* items;
}

it(
  `imports ${MAX_IMPORT_ROWS.toLocaleString("en-US")} rows with the heap staying flat`,
  async () => {
    const { organization, owner } = await createTestOrganization(t.db);
    const uploaded = await t.db.withTenant(organization.id, (tx) =>
      uploadLeadImport(tx, { organizationId: organization.id, userId: owner.id }, { fileName: "big.csv", body: asAsync(csvFile(MAX_IMPORT_ROWS)) }),
    );
    await t.db
      .update(leadImportTable)
      .set({ status: "queued", mapping: uploaded.mapping, duplicateMode: "skip" })
      .where(eq(leadImportTable.id, uploaded.id));

    // Live memory, not garbage waiting for collection: collect before each sample.
    const live = () => {
      globalThis.gc?.();
      return process.memoryUsage().heapUsed;
    };
    expect(globalThis.gc, "run with --expose-gc (vitest.config.ts)").toBeTypeOf("function");
    const baseline = live();
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, live())), 250);
    try {
      expect(await runLeadImport(t.db, uploaded.id)).toBe("completed");
    } finally {
      clearInterval(sampler);
    }
    const [result] = await t.db.select().from(leadImportTable).where(eq(leadImportTable.id, uploaded.id));
    expect(result).toMatchObject({ status: "completed", totalRows: MAX_IMPORT_ROWS, insertedRows: MAX_IMPORT_ROWS, errorRows: 0 });
    expect(await t.db.$count(leadTable, eq(leadTable.organizationId, organization.id))).toBe(MAX_IMPORT_ROWS);
    // Holding the rows would take hundreds of MB; a piece of the file and a batch at a time,
    // a few MB.
    const growthMb = (peak - baseline) / 1024 / 1024;
    console.info(`200,000-row import: live heap grew by at most ${growthMb.toFixed(1)} MB`);
    expect(growthMb).toBeLessThan(32);
  },
  300_000,
);
