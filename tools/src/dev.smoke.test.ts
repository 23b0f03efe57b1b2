import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { networkInterfaces, tmpdir } from "node:os";
import path from "node:path";
import { findFreePort, isPortInUse } from "@saas/db/embedded";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WORKSPACE_ROOT } from "./env";

// Starts the real `npm run dev` (embedded PostgreSQL, migrations, seed, three apps) on an empty
// data folder and free ports, as a new developer would, and reads the web page it serves.

interface Ports {
  postgres: number;
  web: number;
  admin: number;
  worker: number;
}

let dataDir: string;
let ports: Ports;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "saas-dev-smoke-"));
  ports = { postgres: await findFreePort(), web: await findFreePort(), admin: await findFreePort(), worker: await findFreePort() };
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

/** Runs `npm run dev` until it prints "Ready:", then hands over; `stop()` sends Ctrl+C. */
async function startDev() {
  const child = spawn("npm", ["run", "dev"], {
    cwd: WORKSPACE_ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      DATABASE_URL: "",
      DATA_DIR: dataDir,
      EMBEDDED_POSTGRES_PORT: String(ports.postgres),
      WEB_PORT: String(ports.web),
      ADMIN_PORT: String(ports.admin),
      WORKER_PORT: String(ports.worker),
      NEXT_DIST_DIR: ".next-smoke",
    },
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  // Everything `npm run dev` listens on; all of it must be released after Ctrl+C.
  const allPorts = [ports.postgres, ports.web, ports.admin, ports.worker];

  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes("Ready:")) {
        clearInterval(timer);
        resolve();
      }
    }, 200);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`npm run dev exited (${code}) before it was ready:\n${output}`));
    });
  });

  return {
    output: () => output,
    /** Ctrl+C, as in a terminal (the whole process group); resolves once every port is free. */
    async stop() {
      process.kill(-child.pid!, "SIGINT");
      await exited;
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const busy = await Promise.all(allPorts.map((port) => isPortInUse(port)));
        if (!busy.includes(true)) return;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      throw new Error(`ports still in use 30s after Ctrl+C:\n${output}`);
    },
  };
}

/** This machine's first non-loopback IPv4 address, if it has one. */
function networkAddress(): string | null {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) if (address.family === "IPv4" && !address.internal) return address.address;
  }
  return null;
}

/** Signs in with the demo login `npm run dev` printed, and reads the lead count of its organization. */
async function leadCountSeenByDemoOwner(output: string): Promise<string | undefined> {
  const web = `http://localhost:${ports.web}`;
  const password = /Demo logins \(password: (\S+)\)/.exec(output)?.[1];
  const email = /customer\s+(\S+@\S+)/.exec(output)?.[1];
  const signIn = await fetch(`${web}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: web },
    body: JSON.stringify({ email, password }),
  });
  expect(signIn.status).toBe(200);
  const cookie = signIn.headers.getSetCookie().map((line) => line.split(";")[0]).join("; ");
  const html = await (await fetch(`${web}/`, { headers: { cookie } })).text();
  return /Leads<\/dt><dd[^>]*>([\d,]+)<\/dd>/.exec(html)?.[1];
}

describe("npm run dev on an empty data folder", () => {
  it("starts PostgreSQL, migrates, seeds once, serves all three apps, and stops cleanly", { timeout: 600_000 }, async () => {
    const first = await startDev();
    try {
      expect(first.output()).toContain("Seeded demo data: 2 organizations, 6 users, 300 leads.");
      expect(first.output()).toContain(`web     http://localhost:${ports.web}`);
      expect(first.output()).toContain(`admin   http://localhost:${ports.admin}`);
      expect(first.output()).toContain(`worker  http://localhost:${ports.worker}`);
      // The printed customer login works and sees its own organization's leads (Acme has 180 of the 300).
      expect(await leadCountSeenByDemoOwner(first.output())).toBe("180");
      // The staff console answers, with its sign-in page for a visitor.
      const admin = await fetch(`http://127.0.0.1:${ports.admin}/`);
      expect(admin.status).toBe(200);
      expect(admin.url).toMatch(/\/sign-in$/);
      const ready = await fetch(`http://127.0.0.1:${ports.worker}/readyz`);
      expect(ready.status).toBe(200);
      // Loopback only: from this machine's network address, nothing answers.
      const address = networkAddress();
      if (address) {
        for (const port of [ports.web, ports.admin, ports.worker]) expect({ port, open: await isPortInUse(port, address) }).toEqual({ port, open: false });
      }
    } finally {
      await first.stop();
    }
    expect(first.output()).toContain("Stopping");

    // The data survives a restart, and the second start does not seed again.
    const second = await startDev();
    try {
      expect(second.output()).toContain("Existing data kept (2 organizations)");
      expect(second.output()).not.toContain("Seeded demo data");
      expect(await leadCountSeenByDemoOwner(second.output())).toBe("180");
    } finally {
      await second.stop();
    }
  });
});
