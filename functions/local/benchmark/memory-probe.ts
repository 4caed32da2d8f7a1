import { constants, type NodeGCPerformanceDetail, PerformanceObserver } from 'node:perf_hooks';

/** Memory of one process over a measured phase, in MiB. */
export interface MemoryPeak {
  /** RSS when the probe started (runtime and modules loaded, no records yet). */
  startRssMb: number;
  /** The kernel's high-water RSS for the whole process life (`maxRSS`), so it includes start-up. */
  peakRssMb: number;
  /** Highest sampled V8 heap use, garbage included. */
  peakHeapMb: number;
  /**
   * Highest heap use right after a full (mark-compact) collection: what the process really holds.
   * `null` when no full collection ran during the phase.
   */
  liveHeapMb: number | null;
  /** Highest sampled memory in Buffers and ArrayBuffers (outside the V8 heap). */
  peakBuffersMb: number;
}

export interface MemoryProbe {
  stop(): MemoryPeak;
}

const MIB = 1024 * 1024;
const round = (bytes: number) => Math.round((bytes / MIB) * 10) / 10;

/**
 * Samples memory every `intervalMs` while a phase runs and reads the heap after each full garbage
 * collection (without forcing any, so the timings stay honest). Peak RSS comes from the kernel
 * (`resourceUsage().maxRSS`), which no sampling interval can miss; that is why each measured phase
 * runs in a fresh child process.
 * @param intervalMs @default 50
 */
export function startMemoryProbe(intervalMs = 50): MemoryProbe {
  const startRss = process.memoryUsage.rss();
  let peakHeap = 0;
  let peakBuffers = 0;
  let liveHeap: number | null = null;
  const sample = () => {
    const usage = process.memoryUsage();
    peakHeap = Math.max(peakHeap, usage.heapUsed);
    peakBuffers = Math.max(peakBuffers, usage.arrayBuffers);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  const gc = new PerformanceObserver((list) => {
    const full = list.getEntries().some((entry) => {
      const detail = (entry as { detail?: NodeGCPerformanceDetail }).detail;
      return detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR;
    });
    if (full) liveHeap = Math.max(liveHeap ?? 0, process.memoryUsage().heapUsed);
  });
  gc.observe({ entryTypes: ['gc'] });
  return {
    stop() {
      clearInterval(timer);
      gc.disconnect();
      sample();
      return {
        startRssMb: round(startRss),
        peakRssMb: round(process.resourceUsage().maxRSS * 1024),
        peakHeapMb: round(peakHeap),
        liveHeapMb: liveHeap === null ? null : round(liveHeap),
        peakBuffersMb: round(peakBuffers),
      };
    },
  };
}
