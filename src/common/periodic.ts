/**
 * Runs `task` once now, then every `everyMs` on a timer that does not keep the process alive; the
 * returned function stops it. For housekeeping that every instance may run (deleting expired rows).
 */
export async function runPeriodically(task: () => Promise<unknown>, everyMs: number): Promise<() => void> {
  await task();
  const timer = setInterval(() => void task(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
