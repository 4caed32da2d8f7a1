/** One line of the doctor's report; `fail` is what a weekly run would trip on (exit 1). */
export interface DoctorLine {
  status: 'ok' | 'warn' | 'fail' | 'info';
  text: string;
  /** Indented lines under it. */
  detail?: string[];
}

const MARK: Record<DoctorLine['status'], string> = { ok: '✔', warn: '⚠', fail: '✘', info: '·' };

/** The lines as printed, one string per terminal line. */
export function formatDoctorLines(lines: readonly DoctorLine[]): string[] {
  return lines.flatMap((line) => [
    `${MARK[line.status]} ${line.text}`,
    ...(line.detail ?? []).map((d) => `    ${d}`),
  ]);
}

/**
 * Audit data chooses these strings: control and bidi characters are shown escaped so a key cannot
 * move the cursor or recolour the terminal, and long keys are cut.
 */
export function printable(value: string, max = 60): string {
  const escaped = value.replace(
    /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return escaped.length > max ? `${escaped.slice(0, max - 1)}…` : escaped;
}
