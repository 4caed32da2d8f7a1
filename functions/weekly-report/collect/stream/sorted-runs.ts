import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { compareStaged, formatStagedLine, parseStagedLine, type StagedRecord } from './staged-record.js';

/*
 * An external merge sort of the stream's records: memory holds one run (sorted, then written to
 * local disk gzipped) and, while merging, one line per run. The stream arrives in delivery order,
 * with duplicates and late objects; the evidence needs time order, each record once.
 */

/** Sorts `records` and writes them as run file `n` in `directory`; returns its path. */
export async function writeRun(records: StagedRecord[], directory: string, n: number): Promise<string> {
  records.sort(compareStaged);
  const path = join(directory, `run-${String(n).padStart(5, '0')}.tsv.gz`);
  const lines = (function* () {
    let batch = '';
    for (const record of records) {
      batch += formatStagedLine(record);
      if (batch.length >= 256 * 1024) {
        yield batch;
        batch = '';
      }
    }
    if (batch !== '') yield batch;
  })();
  // Level 1: the run is read once, soon; disk and time matter more than size.
  await pipeline(lines, createGzip({ level: 1 }), createWriteStream(path));
  return path;
}

async function* readRun(path: string): AsyncGenerator<StagedRecord> {
  const gunzip = createGunzip();
  const text = createReadStream(path).pipe(gunzip).setEncoding('utf8');
  let rest = '';
  for await (const chunk of text as AsyncIterable<string>) {
    let start = 0;
    for (let end = chunk.indexOf('\n'); end !== -1; end = chunk.indexOf('\n', start)) {
      yield parseStagedLine(rest + chunk.slice(start, end));
      rest = '';
      start = end + 1;
    }
    rest += chunk.slice(start);
  }
  if (rest !== '') yield parseStagedLine(rest);
}

interface Head {
  record: StagedRecord;
  rest: AsyncGenerator<StagedRecord>;
}

/** A binary min-heap of run heads by evidence order. */
function createHeap() {
  const items: Head[] = [];
  const less = (i: number, j: number) =>
    compareStaged((items[i] as Head).record, (items[j] as Head).record) < 0;
  const swap = (i: number, j: number) => {
    const t = items[i] as Head;
    items[i] = items[j] as Head;
    items[j] = t;
  };
  const down = (from: number) => {
    for (let i = from; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < items.length && less(l, m)) m = l;
      if (r < items.length && less(r, m)) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  return {
    items,
    push(head: Head) {
      items.push(head);
      for (let i = items.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!less(i, parent)) return;
        swap(i, parent);
        i = parent;
      }
    },
    /** Replaces the top with `head` (or removes it) and restores order. */
    replaceTop(head: Head | undefined) {
      if (head) {
        items[0] = head;
      } else {
        const last = items.pop() as Head;
        if (items.length === 0) return;
        items[0] = last;
      }
      down(0);
    },
  };
}

/** Every record of the runs, in evidence order (copies of one record adjacent). */
export async function* mergeRuns(paths: readonly string[]): AsyncGenerator<StagedRecord> {
  const heap = createHeap();
  for (const path of paths) {
    const rest = readRun(path);
    const first = await rest.next();
    if (!first.done) heap.push({ record: first.value, rest });
  }
  while (heap.items.length > 0) {
    const top = heap.items[0] as Head;
    yield top.record;
    const next = await top.rest.next();
    heap.replaceTop(next.done ? undefined : { record: next.value, rest: top.rest });
  }
}
