import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';

/** Port: hands the rest of a paused run to a new invocation. */
export interface RunContinuer {
  continueRun(payload: unknown): Promise<void>;
}

/**
 * Invokes the function itself asynchronously (`InvocationType: Event`): the new invocation starts
 * with a fresh 15 minutes, and Lambda retries it twice and then sends it to the dead-letter queue
 * if it fails. Reserved concurrency 1 queues it until this invocation has returned.
 */
export function createLambdaRunContinuer(client: LambdaClient, functionName: string): RunContinuer {
  return {
    async continueRun(payload) {
      await client.send(
        new InvokeCommand({
          FunctionName: functionName,
          InvocationType: 'Event',
          Payload: new TextEncoder().encode(JSON.stringify(payload)),
        }),
      );
    },
  };
}
