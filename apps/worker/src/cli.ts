// Runs one job from the command line: `nx run worker:job --name=<job>` or `npm run job -- <job>`.
// Same job, same advisory lock as POST /cron/:job. Exit code 0 when it ran or was skipped.
import { parseArgs } from "node:util";
import { createWorkerDeps } from "./deps";
import { readWorkerEnv } from "./env";
import { findJob, JOBS } from "./jobs/registry";
import { runJob } from "./jobs/run-job";

function usage(problem?: string): never {
  if (problem) console.error(problem);
  console.error(
    ["Usage: job <name>  (or --name=<name>)", "", "Jobs:", ...JOBS.map((job) => `  ${job.name.padEnd(22)} ${job.description}`)].join("\n"),
  );
  process.exit(2);
}

async function main() {
  const { values, positionals } = parseArgs({ options: { name: { type: "string" }, help: { type: "boolean" } }, allowPositionals: true });
  if (values.help) usage();
  const name = values.name ?? positionals[0];
  if (!name) usage("Which job?");
  const job = findJob(name);
  if (!job) usage(`No job "${name}".`);

  const deps = createWorkerDeps(readWorkerEnv(), { applicationName: "saas-worker-cli", logTo: 2 });
  try {
    const run = await runJob(job, { db: deps.db, logger: deps.logger, billing: deps.billing });
    console.log(JSON.stringify(run, null, 2));
    return run.status === "failed" ? 1 : 0;
  } finally {
    await deps.db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
