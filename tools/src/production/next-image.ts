import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { WORKSPACE_ROOT } from "../env";

/**
 * A built Next.js app laid out as its container image has it (the Dockerfile's COPY lines): the
 * standalone server and its static files, in a temporary folder with nothing installed above it —
 * so a module the trace missed fails there instead of being found in the repository's
 * node_modules. Returns the folder (the caller deletes it) and the server to run with `node`.
 */
export async function layOutNextImage(app: "web" | "admin"): Promise<{ folder: string; server: string }> {
  const folder = await mkdtemp(path.join(tmpdir(), `saas-${app}-image-`));
  const built = path.join(WORKSPACE_ROOT, "apps", app, ".next");
  await cp(path.join(built, "standalone"), folder, { recursive: true });
  await cp(path.join(built, "static"), path.join(folder, "apps", app, ".next", "static"), { recursive: true });
  return { folder, server: path.join(folder, "apps", app, "server.js") };
}
