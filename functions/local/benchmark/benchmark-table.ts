import {
  findDiscrepancies,
  minutesAtDescopeLimit,
  proofFloor,
  requestFloor,
  type SizeMeasurement,
} from './benchmark-figures.js';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** `850 ms`, `12.3 s`. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** `6.0 min`, `1 h 40 min`. */
export function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${minutes.toFixed(1)} min`;
  const whole = Math.round(minutes);
  return `${Math.floor(whole / 60)} h ${whole % 60} min`;
}

const mb = (value: number) => `${Math.round(value)} MB`;
const perSecond = (records: number, ms: number) => integer.format(ms > 0 ? (records * 1000) / ms : 0);

/** A Markdown table with right-aligned, padded columns: readable in a terminal, pasteable as is. */
export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => cell.padStart(widths[i] ?? 0)).join(' | ')} |`;
  const rule = `| ${widths.map((w) => `${'-'.repeat(w - 1)}:`).join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** Requests the job used against the floor, and what they cost at Descope's real limit. */
export function formatRequestTable(sizes: readonly SizeMeasurement[]): string {
  return markdownTable(
    [
      'events',
      'requests',
      'floor',
      'requests / floor',
      'proof floor',
      'requests / proof floor',
      'at 10 req/min',
      'floor at 10 req/min',
    ],
    sizes.map((m) => {
      const floor = requestFloor(m.job.collections);
      const proof = proofFloor(m.job.collections);
      return [
        integer.format(m.events),
        integer.format(m.job.requests),
        integer.format(floor),
        (m.job.requests / floor).toFixed(3),
        integer.format(proof),
        (m.job.requests / proof).toFixed(3),
        formatMinutes(minutesAtDescopeLimit(m.job.requests)),
        formatMinutes(minutesAtDescopeLimit(floor)),
      ];
    }),
  );
}

/** The real job against the stand-in at the raised limit: time, throughput, memory. */
export function formatJobTable(sizes: readonly SizeMeasurement[]): string {
  return markdownTable(
    [
      'events',
      'job wall',
      'awaiting search',
      'records/s',
      'job CPU',
      'RSS at start',
      'peak RSS',
      'peak heap',
      'live heap',
    ],
    sizes.map((m) => [
      integer.format(m.events),
      formatDuration(m.job.wallMs),
      formatDuration(m.job.searchWaitMs),
      perSecond(m.events, m.job.wallMs),
      formatDuration(m.job.cpuMs),
      mb(m.job.memory.startRssMb),
      mb(m.job.memory.peakRssMb),
      mb(m.job.memory.peakHeapMb),
      m.job.memory.liveHeapMb === null ? '–' : mb(m.job.memory.liveHeapMb),
    ]),
  );
}

/** The heap the job kept over its run (only with `--retained-heap`). */
export function formatRetainedHeapTable(sizes: readonly SizeMeasurement[]): string {
  return markdownTable(
    ['events', 'samples', 'first', 'middle', 'last', 'max'],
    sizes.map((m) => {
      const r = m.job.retainedHeap;
      if (!r) return [integer.format(m.events), '0', '–', '–', '–', '–'];
      const cells = [r.firstMb, r.middleMb, r.lastMb, r.maxMb].map(mb);
      return [integer.format(m.events), String(r.samples), ...cells];
    }),
  );
}

/** The job's engine (the catalog's SQL in DuckDB) and renderers over the evidence, against DuckDB bare on the same file. */
export function formatAggregationTable(sizes: readonly SizeMeasurement[]): string {
  return markdownTable(
    [
      'events',
      'read + parse',
      'aggregate',
      'render',
      'ours total',
      'ours CPU',
      'ours records/s',
      'ours peak RSS',
      'DuckDB query',
      'DuckDB CPU',
      'DuckDB peak RSS',
      'ours / DuckDB',
      'same numbers',
    ],
    sizes.map((m) => [
      integer.format(m.events),
      formatDuration(m.evidence.readMs),
      formatDuration(m.evidence.aggregateMs),
      formatDuration(m.evidence.renderMs),
      formatDuration(m.evidence.totalMs),
      formatDuration(m.evidence.cpuMs),
      perSecond(m.evidence.records, m.evidence.totalMs),
      mb(m.evidence.memory.peakRssMb),
      formatDuration(m.duckDb.queryMs),
      formatDuration(m.duckDb.cpuMs),
      mb(m.duckDb.memory.peakRssMb),
      `${(m.evidence.totalMs / m.duckDb.queryMs).toFixed(2)}×`,
      findDiscrepancies(m).length === 0 ? 'yes' : 'NO',
    ]),
  );
}
