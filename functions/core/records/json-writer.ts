/*
 * JSON text of audit data without recursion. A record's `data` is whatever the event's author sent,
 * and Descope accepts 10,000 levels of nesting: `JSON.stringify` and any recursive walk run out of
 * stack long before that. These walk with an explicit stack, so depth costs memory, not stack.
 */

interface Frame {
  close: string;
  /** [key (objects only), value] in output order. */
  entries: Array<readonly [string | undefined, unknown]>;
  next: number;
}

/** A value `JSON.stringify` leaves out of an object (and writes as `null` in an array). */
const omitted = (value: unknown) =>
  value === undefined || typeof value === 'function' || typeof value === 'symbol';

function write(root: unknown, sortKeys: boolean): string {
  const out: string[] = [];
  const stack: Frame[] = [];
  const emit = (input: unknown, key: string) => {
    let value = input;
    if (
      value !== null &&
      typeof value === 'object' &&
      typeof (value as { toJSON?: unknown }).toJSON === 'function'
    )
      value = (value as { toJSON: (key: string) => unknown }).toJSON(key);
    if (Array.isArray(value)) {
      out.push('[');
      stack.push({
        close: ']',
        entries: value.map((v) => [undefined, omitted(v) ? null : v] as const),
        next: 0,
      });
    } else if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).filter((k) => !omitted(record[k]));
      if (sortKeys) keys.sort();
      out.push('{');
      stack.push({ close: '}', entries: keys.map((k) => [k, record[k]] as const), next: 0 });
    } else {
      // A primitive: the engine's own text (escapes, numbers; a non-finite number is null).
      out.push(JSON.stringify(value) ?? 'null');
    }
  };
  emit(root, '');
  for (let frame = stack.at(-1); frame; frame = stack.at(-1)) {
    const entry = frame.entries[frame.next];
    if (!entry) {
      out.push(frame.close);
      stack.pop();
      continue;
    }
    if (frame.next > 0) out.push(',');
    frame.next += 1;
    const [key, value] = entry;
    if (key !== undefined) out.push(JSON.stringify(key), ':');
    emit(value, key ?? String(frame.next - 1));
  }
  return out.join('');
}

/** Exactly `JSON.stringify(value)` for JSON data, at any depth. */
export const stringifyJson = (value: unknown): string => write(value, false);

/** JSON with object keys sorted at every depth: equal records give equal text, whatever their key order. */
export const canonicalJson = (value: unknown): string => write(value, true);

/**
 * Levels below which the engine's own `JSON.stringify` is safe (and several times faster): its
 * recursion is bounded by the data's depth, far inside the stack at this bound.
 */
export const NATIVE_DEPTH_BOUND = 64;

/** Whether `value` nests more than `bound` arrays or objects deep (stops as soon as it does). */
export function nestsDeeperThan(value: unknown, bound: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 0]];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const [node, depth] = item;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= bound) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') pending.push([child, depth + 1]);
    }
  }
  return false;
}

/** `JSON.stringify(value)` for JSON data of any depth: the engine's for shallow data, the walk above beyond. */
export const safeStringify = (value: unknown): string =>
  nestsDeeperThan(value, NATIVE_DEPTH_BOUND) ? stringifyJson(value) : JSON.stringify(value);
