import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { invitationTable } from "@saas/db";
import { createTestDatabase, createTestOrganization, type TestDatabase } from "@saas/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const workerRoot = fileURLToPath(new URL("..", import.meta.url));
const tsx = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url));

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.dispose());

/** `tsx src/cli.ts …` as `nx run worker:job` runs it; resolves with the exit code and output. */
async function runCli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await promisify(execFile)(tsx, ["src/cli.ts", ...args], {
      cwd: workerRoot,
      env: { PATH: process.env["PATH"], DATABASE_URL: t.url, LOG_LEVEL: "silent", ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("the job CLI", () => {
  it("runs a job by name (positional or --name) and prints its report as JSON", async () => {
    const { organization, owner } = await createTestOrganization(t.db);
    await t.db.insert(invitationTable).values({
      organizationId: organization.id,
      email: "late@example.test",
      inviterId: owner.id,
      expiresAt: new Date(Date.now() - 60_000),
    });
    const first = await runCli(["expire-invitations"]);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ job: "expire-invitations", status: "ran", result: { invitations: 1 } });
    const [invitation] = await t.db.select().from(invitationTable).where(eq(invitationTable.organizationId, organization.id));
    expect(invitation?.status).toBe("expired");

    const second = await runCli(["--name=expire-invitations"]);
    expect(JSON.parse(second.stdout)).toMatchObject({ status: "ran", result: { invitations: 0 } });
  });

  it("an unknown or missing job name exits 2 and lists the jobs", async () => {
    const unknown = await runCli(["mine-bitcoin"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No job "mine-bitcoin"');
    expect(unknown.stderr).toContain("reconcile-billing");
    expect((await runCli([])).code).toBe(2);
  });

  it("a billing job without billing configured is skipped (exit 0), saying why", async () => {
    const run = await runCli(["retry-billing-events"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: "skipped", reason: expect.stringContaining("STRIPE_SECRET_KEY") });
  });

  it("a bad configuration stops it with the variable named", async () => {
    const run = await runCli(["cleanup-auth"], { STRIPE_SECRET_KEY: "pk_test_wrong" });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("STRIPE_SECRET_KEY");
    expect(run.stderr).not.toContain("pk_test_wrong");
  });
});
