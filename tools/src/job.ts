// npm run job -- <name> — runs one worker job against the dev database (DATABASE_URL, or the
// embedded PostgreSQL, started for the command when `npm run dev` is not running it; migrations
// applied first), through the worker's own CLI (`nx run worker:job --name=<name>` is the same
// thing where DATABASE_URL is set, e.g. in production).
import { spawn } from "node:child_process";
import path from "node:path";
import { exitWith } from "./command";
import { withMigratedDevDatabase } from "./dev-database";
import { loadDotEnv, readDevEnv, WORKSPACE_ROOT } from "./env";

async function main(): Promise<number> {
  loadDotEnv();
  return withMigratedDevDatabase(readDevEnv(), async (url) => {
    const child = spawn(path.join(WORKSPACE_ROOT, "node_modules/.bin/tsx"), ["src/cli.ts", ...process.argv.slice(2)], {
      cwd: path.join(WORKSPACE_ROOT, "apps/worker"),
      env: { ...process.env, DATABASE_URL: url },
      stdio: "inherit",
    });
    return await new Promise<number>((resolve) => child.once("exit", (code) => resolve(code ?? 1)));
  });
}

exitWith(main);
