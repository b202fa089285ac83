// The CPU time this process spends on a piece of work, in milliseconds: what the tests' time budgets and
// scaling checks measure. Wall time counts every other process on the machine too, so a busy machine
// (two shared cores, CI) could fail a linear parser; CPU time counts only the work.
export function cpuMs(run: () => unknown): number {
  const started = process.cpuUsage();
  run();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}
