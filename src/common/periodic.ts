/**
 * Runs `task` once now, then every `everyMs` on a timer that does not keep the process alive; the
 * returned function stops it (and resolves once a run in progress has ended). For housekeeping that
 * every instance may run (deleting expired rows). A run never starts while the previous one is still
 * going, and a failed run does not stop the next.
 *
 * Every task started here is also stopped by stopPeriodicTasks(), which the graceful shutdown calls
 * before it closes the database pool, so no housekeeping statement is cut off or sent to a closed pool.
 */
interface Periodic {
  stop(): Promise<void>;
}

const running = new Set<Periodic>();

export async function runPeriodically(task: () => Promise<unknown>, everyMs: number): Promise<() => Promise<void>> {
  await task();
  let current: Promise<unknown> | null = null;
  let stopped = false;
  const timer = setInterval(() => {
    if (stopped || current) return;
    current = task()
      .catch(() => undefined)
      .finally(() => (current = null));
  }, everyMs);
  timer.unref();
  const handle: Periodic = {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      running.delete(handle);
      await current;
    },
  };
  running.add(handle);
  return handle.stop;
}

/** Stops every periodic task of the process and waits for the runs in progress. */
export async function stopPeriodicTasks(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop()));
}
