import { formatCount } from '../view/format.js';
import { NO_SPARKLINE } from '../view/sparkline-view.js';
import type { TileView } from '../view/tile-view.js';
import { ACCESS_SECTION } from './access-controls.js';
import type { AccessReview } from './access-review.js';

/** The "Privileged principals" headline tile, with the previous snapshot's figure when there is one. */
export function buildAccessTile(review: AccessReview | undefined): TileView[] {
  if (!review) return [];
  const value = review.privilegedPrincipals;
  const base = {
    label: 'Privileged principals',
    value: formatCount(value),
    section: ACCESS_SECTION,
    source: review.previous ? 'stored snapshot' : 'none',
    spark: NO_SPARKLINE,
  };
  if (!review.previous)
    return [{ ...base, delta: '', direction: 'none', comparison: 'no previous snapshot stored' }];
  const previous = review.previous.privilegedPrincipals;
  const change = value - previous;
  const comparison = `vs ${formatCount(previous)} in the ${review.previous.period} snapshot`;
  if (change === 0) return [{ ...base, delta: 'no change', direction: 'same', comparison }];
  return [
    {
      ...base,
      delta: `${change > 0 ? '▲' : '▼'} ${formatCount(Math.abs(change))}`,
      direction: change > 0 ? 'up' : 'down',
      comparison,
    },
  ];
}
