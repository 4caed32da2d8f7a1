import type { Trends } from '../core/trends/weekly-history.js';
import type { CollectionOutcome, PageProgress } from './collect/collection-progress.js';
import type { ChannelOutcome } from './publish/deliver-channels.js';

/** Progress hooks: the CLI prints them, the Lambda logs them. */
export interface RunEvents {
  onPage?: (collection: string, progress: PageProgress) => void;
  onCollected?: (collection: string, outcome: CollectionOutcome) => void;
  onTrends?: (trends: Trends, requests: number) => void;
  onStored?: (keys: string[]) => void;
  /** Each channel's outcome, once all were tried. */
  onChannels?: (outcomes: ChannelOutcome[]) => void;
}
