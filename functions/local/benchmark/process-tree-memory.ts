import { readdir, readFile } from 'node:fs/promises';

const PAGE_BYTES = 4096;

/** Parent PID and resident bytes of every process, from `/proc` (Linux). */
async function processTable(): Promise<Map<number, { parent: number; bytes: number }>> {
  const table = new Map<number, { parent: number; bytes: number }>();
  for (const entry of await readdir('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command (which may hold spaces and parentheses): state, ppid, …, rss (24th).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(pid, { parent: Number(fields[1]), bytes: Number(fields[21]) * PAGE_BYTES });
    } catch {
      // The process ended while the table was read.
    }
  }
  return table;
}

/** Resident bytes of `root` and of every process below it. */
export async function treeResidentBytes(root: number): Promise<{ total: number; root: number }> {
  const table = await processTable();
  const children = new Map<number, number[]>();
  for (const [pid, { parent }] of table) children.set(parent, [...(children.get(parent) ?? []), pid]);
  let total = 0;
  const pending = [root];
  for (let pid = pending.pop(); pid !== undefined; pid = pending.pop()) {
    total += table.get(pid)?.bytes ?? 0;
    pending.push(...(children.get(pid) ?? []));
  }
  return { total, root: table.get(root)?.bytes ?? 0 };
}

/** Samples the tree's resident memory every `intervalMs` until stopped; returns the peaks in MB. */
export function sampleTreeMemory(root: number, intervalMs = 10) {
  let peakTotal = 0;
  let peakRoot = 0;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void treeResidentBytes(root)
      .then(({ total, root: own }) => {
        peakTotal = Math.max(peakTotal, total);
        peakRoot = Math.max(peakRoot, own);
      })
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
      return { totalMb: mb(peakTotal), jobMb: mb(peakRoot) };
    },
  };
}
