/** User plus system CPU time this process has used so far, in milliseconds (all threads). */
export function processCpuMs(): number {
  const usage = process.resourceUsage();
  return (usage.userCPUTime + usage.systemCPUTime) / 1000;
}
