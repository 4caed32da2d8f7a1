import { describe, expect, it } from 'vitest';
import {
  dayOfKey,
  dayPrefix,
  discoverLayout,
  FIREHOSE_EVENTS_PATTERN,
  inferLayout,
  layoutProblem,
  partitionDays,
} from '../../../functions/core/stream/stream-layout.js';

const P = 'P2abc123';
const day = Date.UTC(2026, 0, 5);

describe('stream key layouts', () => {
  it('puts a day in a pattern and reads it back', () => {
    expect(dayPrefix(FIREHOSE_EVENTS_PATTERN, P, day)).toBe('stream/events/dt=2026-01-05/');
    expect(dayPrefix('{projectId}/{yyyy}/{mm}/{dd}/', P, day)).toBe('P2abc123/2026/01/05/');
    expect(dayOfKey('{projectId}/{yyyy}/{mm}/{dd}/', P, 'P2abc123/2026/01/05/x.json')).toBe(day);
    expect(dayOfKey('{projectId}/{yyyy}/{mm}/{dd}/', P, 'P2other/2026/01/05/x.json')).toBeUndefined();
    expect(dayOfKey('{projectId}/{yyyy}/{mm}/{dd}/', P, 'P2abc123/2026/02/30/x.json')).toBeUndefined();
  });

  it('refuses a pattern without a whole day, an unknown token or no closing slash', () => {
    expect(layoutProblem('{projectId}/{yyyy}/{mm}/')).toBe('must contain {dd}');
    expect(layoutProblem('{yyyy}/{mm}/{dd}/{hh}/')).toMatch(/knows only/);
    expect(layoutProblem('{yyyy}-{mm}-{dd}')).toMatch(/must end with/);
    expect(layoutProblem('x/{yyyy}-{mm}-{dd}/')).toBeUndefined();
  });

  it.each([
    [
      'stream/events/dt=2026-01-05/DescopeAuditStream-1-2026-01-05-10-00-00-x.gz',
      'stream/events/dt={yyyy}-{mm}-{dd}/',
    ],
    ['P2abc123/2026/01/05/10/batch.json', '{projectId}/{yyyy}/{mm}/{dd}/'],
    ['audit/P2abc123/2026-01-05/a.json.gz', 'audit/{projectId}/{yyyy}-{mm}-{dd}/'],
    ['P2abc123/year=2026/month=01/day=05/a.json', '{projectId}/year={yyyy}/month={mm}/day={dd}/'],
  ])('infers the layout of %s', (key, pattern) => {
    expect(inferLayout(key, P)).toBe(pattern);
    expect(dayOfKey(pattern, P, key)).toBe(day);
  });

  it('discovers the layout most keys follow and names the others', () => {
    const found = discoverLayout(
      ['P2abc123/2026/01/05/a.json', 'P2abc123/2026/01/06/b.json', 'P2abc123/README.txt', 'x/2026-01-05/c'],
      P,
    );
    expect(found).toEqual({
      pattern: '{projectId}/{yyyy}/{mm}/{dd}/',
      matching: 2,
      others: ['P2abc123/README.txt', 'x/2026-01-05/c'],
    });
    expect(discoverLayout(['README.txt'], P)).toBeUndefined();
  });

  it('lists a day before the period and the late days after it', () => {
    const days = partitionDays({ from: day, to: day + 7 * 86_400_000 }, 1);
    expect(days[0]).toBe(day - 86_400_000);
    expect(days.at(-1)).toBe(day + 7 * 86_400_000);
    expect(days).toHaveLength(9);
    expect(partitionDays({ from: day + 3_600_000, to: day + 7_200_000 }, 2)).toHaveLength(4);
  });
});
