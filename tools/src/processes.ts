import { spawn, type ChildProcess } from "node:child_process";

/** One long-running child of `npm run dev`, its output prefixed with its name. */
export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code once the process (and its group) has exited. */
  exited: Promise<number>;
}

const COLORS = [36, 35, 33, 32, 34];

export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; colorIndex: number },
): ManagedProcess {
  // A process group of its own, so stopping it also stops what it spawned (next dev forks).
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const color = COLORS[options.colorIndex % COLORS.length];
  const prefix = process.stdout.isTTY ? `\x1b[${color}m${name.padEnd(6)}\x1b[0m │ ` : `${name.padEnd(6)} │ `;
  const relay = (stream: NodeJS.WriteStream) => {
    let pending = "";
    return (chunk: Buffer) => {
      pending += chunk.toString("utf8");
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) stream.write(`${prefix}${line}\n`);
    };
  };
  child.stdout?.on("data", relay(process.stdout));
  child.stderr?.on("data", relay(process.stderr));
  const exited = new Promise<number>((resolve) => {
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    child.once("error", () => resolve(1));
  });
  return { name, child, exited };
}

/** SIGTERM to the whole group, SIGKILL after a grace period. */
export async function stopProcess(managed: ManagedProcess, graceMs = 10_000): Promise<void> {
  const { child } = managed;
  const pid = child.pid;
  if (child.exitCode !== null || child.signalCode !== null || pid === undefined) return;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // Already gone.
    }
  };
  signalGroup("SIGTERM");
  const timer = setTimeout(() => signalGroup("SIGKILL"), graceMs);
  await managed.exited;
  clearTimeout(timer);
  // Grandchildren may outlive the leader; make sure the group is gone.
  signalGroup("SIGKILL");
}

/** Polls a URL until it answers 200, or rejects after the timeout. */
export async function waitForHttp(url: string, timeoutMs: number, isAlive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`stopped before ${url} answered`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not answer within ${Math.round(timeoutMs / 1000)}s`);
}
