import { afterEach, beforeEach, vi } from 'vitest';
import { logger } from '../../functions/shared/powertools/logger.js';

/**
 * The structured log lines (one JSON object per line, stdout and stderr) written during each test of
 * the calling file, at INFO level. Registers its own `beforeEach`/`afterEach`; the array is emptied
 * before every test.
 */
export function captureLogLines(): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  const level = logger.getLevelName();
  beforeEach(() => {
    lines.length = 0;
    logger.setLogLevel('INFO');
    const capture = (chunk: unknown) => {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      return true;
    };
    vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    // The next file in this worker logs as configured again.
    logger.setLogLevel(level);
  });
  return lines;
}
