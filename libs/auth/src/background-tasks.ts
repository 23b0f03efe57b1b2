/**
 * Work Better Auth may finish after answering (sending an email, pruning rate-limit rows). Emails
 * are built and written after the reply so that the answer's timing says nothing about whether an
 * address has an account (a known address used to take 100 ms longer to answer a reset request).
 *
 * Better Auth logs a task's failure itself. A task still running when the process dies is lost:
 * for an email that is a link the person asks for again (reset, verification, invitation resend).
 */
export interface BackgroundTasks {
  /** Given to Better Auth as `advanced.backgroundTasks.handler`. */
  handler(task: Promise<unknown>): void;
  /** Resolves once every task started so far (and any they started) has finished. */
  settled(): Promise<void>;
}

export function createBackgroundTasks(): BackgroundTasks {
  const pending = new Set<Promise<unknown>>();
  return {
    handler(task) {
      pending.add(task);
      const forget = () => pending.delete(task);
      task.then(forget, forget);
    },
    async settled() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
