import type { Context } from 'aws-lambda';

/**
 * Lambda entry point. Accepts the EventBridge Scheduler payload `{ "scheduledTime": ISO }`,
 * a classic EventBridge scheduled event (`time`), or a manual `{ "week": "YYYY-Www", "resend": bool }`.
 * (Skeleton: the use case is wired in by the end-to-end work.)
 */
export const handler = async (event: unknown, _context: Context): Promise<{ status: string }> => {
  void event;
  return { status: 'skeleton' };
};
