/** Heap use right after forced full collections, in MiB: what a run really keeps, over time. */
export interface RetainedHeap {
  samples: number;
  firstMb: number;
  /** The middle sample in time: past warm-up, so first → middle → last shows the trend. */
  middleMb: number;
  maxMb: number;
  lastMb: number;
}

export interface RetainedHeapSampler {
  /** `null` when the phase ended before the first sample. */
  stop(): RetainedHeap | null;
}

const round = (bytes: number) => Math.round((bytes / (1024 * 1024)) * 10) / 10;

/**
 * Forces a full garbage collection every `everyMs` and records the heap left. Memory that grows with
 * the records read shows here as a rising series; a flat one means only aggregates are kept. It
 * needs `node --expose-gc`, and the collections it forces lower the peaks measured alongside, so it
 * runs only when asked for.
 */
export function startRetainedHeapSampler(everyMs: number): RetainedHeapSampler {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('sampling the retained heap needs node --expose-gc');
  const heaps: number[] = [];
  const timer = setInterval(() => {
    gc();
    heaps.push(process.memoryUsage().heapUsed);
  }, everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      const [first] = heaps;
      const middle = heaps[Math.floor(heaps.length / 2)];
      const last = heaps.at(-1);
      if (first === undefined || middle === undefined || last === undefined) return null;
      return {
        samples: heaps.length,
        firstMb: round(first),
        middleMb: round(middle),
        maxMb: round(Math.max(...heaps)),
        lastMb: round(last),
      };
    },
  };
}
