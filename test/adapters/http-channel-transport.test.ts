import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelSendError } from '../../functions/adapters/channel-transport.js';
import { createChannelTransport } from '../../functions/adapters/http-channel-transport.js';
import {
  type EventBridgeStandIn,
  startEventBridgeStandIn,
} from '../../functions/local/eventbridge-stand-in.js';
import {
  type SecretsManagerStandIn,
  startSecretsManagerStandIn,
} from '../../functions/local/secrets-manager-stand-in.js';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const SECRET_URL = 'https://hooks.example/secret-path-1234';

/** A loopback endpoint answering by path: `/status/<n>` with n, `/hang` never, `/redirect` a 302. */
let endpoint: string;
let server: ReturnType<typeof createServer>;
let eventBridge: EventBridgeStandIn;
let secrets: SecretsManagerStandIn;
const received: Array<{ path: string; headers: IncomingMessage['headers']; body: string }> = [];

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const path = request.url ?? '/';
      received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (path === '/hang') return;
      if (path === '/redirect') {
        response.writeHead(302, { location: `${endpoint}/status/200` });
        return response.end();
      }
      const status = Number(/^\/status\/(\d+)/.exec(path)?.[1] ?? 200);
      response.writeHead(status, { 'content-type': 'text/plain' });
      response.end(status === 200 ? 'ok' : `failure body with ${SECRET_URL}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  eventBridge = await startEventBridgeStandIn();
  secrets = await startSecretsManagerStandIn({ 'arn:webhook': `  ${SECRET_URL}\n`, 'arn:empty': '' });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await Promise.all([eventBridge.close(), secrets.close()]);
});

const transport = () =>
  createChannelTransport({
    eventBridge: new EventBridgeClient({ endpoint: eventBridge.endpoint, region: 'us-east-1', credentials }),
    secrets: new SecretsManagerClient({
      endpoint: secrets.endpoint,
      region: 'us-east-1',
      credentials,
      maxAttempts: 1,
    }),
  });

async function failureOf(attempt: Promise<unknown>): Promise<ChannelSendError> {
  const error = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ChannelSendError);
  return error as ChannelSendError;
}

describe('JSON webhooks over HTTP', () => {
  it('posts the body as JSON with the extra headers, and resolves on 2xx', async () => {
    await transport().postJson(`${endpoint}/status/200`, '{"a":1}', { 'x-signature': 'sig' }, 5_000);
    const last = received.at(-1);
    expect(last?.body).toBe('{"a":1}');
    expect(last?.headers['content-type']).toBe('application/json');
    expect(last?.headers['x-signature']).toBe('sig');
  });

  it('fails a 5xx, 429 and 408 as retryable, a 4xx as final, naming the status but never the URL or the body', async () => {
    for (const [status, retryable] of [
      [500, true],
      [503, true],
      [429, true],
      [408, true],
      [400, false],
      [404, false],
    ] as const) {
      const error = await failureOf(transport().postJson(`${endpoint}/status/${status}`, '{}', {}, 5_000));
      expect(error.message).toBe(`the endpoint answered HTTP ${status}`);
      expect(error.retryable).toBe(retryable);
    }
  });

  it('fails a redirect instead of following it (a webhook does not move)', async () => {
    const error = await failureOf(transport().postJson(`${endpoint}/redirect`, '{}', {}, 5_000));
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/^the endpoint could not be reached \(/);
    expect(error.message).not.toContain('127.0.0.1');
  });

  it('gives up on an endpoint that does not answer within the timeout, as retryable', async () => {
    const error = await failureOf(transport().postJson(`${endpoint}/hang`, '{}', {}, 200));
    expect(error.retryable).toBe(true);
    expect(error.message).toBe('the endpoint could not be reached (TimeoutError)');
  });
});

describe('Slack incoming webhooks', () => {
  const message = { text: 'finding', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x' } }] };

  it('posts the Block Kit message', async () => {
    await transport().postSlack(`${endpoint}/status/200?slack`, message, 5_000);
    expect(JSON.parse(received.at(-1)?.body ?? '{}')).toMatchObject(message);
  });

  it('fails an HTTP error with its status, retryable by status', async () => {
    const server = await failureOf(transport().postSlack(`${endpoint}/status/502`, message, 5_000));
    expect(server).toMatchObject({ message: 'Slack answered HTTP 502', retryable: true });
    const gone = await failureOf(transport().postSlack(`${endpoint}/status/410`, message, 5_000));
    expect(gone).toMatchObject({ message: 'Slack answered HTTP 410', retryable: false });
  });

  it('fails an unreachable or silent webhook as retryable, without the URL', async () => {
    const error = await failureOf(transport().postSlack(`${endpoint}/hang`, message, 200));
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/^Slack could not be reached \(/);
    expect(error.message).not.toContain('hang');
  });
});

describe('EventBridge and Secrets Manager', () => {
  const entry = (detail: string) => ({
    Time: new Date(Date.UTC(2026, 10, 30)),
    Source: 'descope.audit',
    DetailType: 'finding',
    Detail: detail,
    EventBusName: 'default',
  });

  it('returns only the entries EventBridge refused', async () => {
    const good = entry('{"id":1}');
    const bad = entry('not json');
    const failed = await transport().putEvents([good, bad], 5_000);
    expect(failed).toEqual([bad]);
    expect(eventBridge.events().map((e) => e.Detail)).toContain('{"id":1}');
  });

  it('fails a refused call as retryable', async () => {
    const error = await failureOf(transport().putEvents([], 5_000));
    expect(error).toMatchObject({ retryable: true });
    expect(error.message).toMatch(/^PutEvents failed \(/);
  });

  it('reads a secret trimmed; an empty secret is final, a missing one retryable, neither shows a value', async () => {
    expect(await transport().readSecret('arn:webhook')).toBe(SECRET_URL);
    const empty = await failureOf(transport().readSecret('arn:empty'));
    expect(empty).toMatchObject({ message: 'the secret arn:empty is empty', retryable: false });
    const missing = await failureOf(transport().readSecret('arn:missing'));
    expect(missing.retryable).toBe(true);
    expect(missing.message).toMatch(/^the secret arn:missing could not be read \(/);
  });
});
