import { createServer, request as httpRequest, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as sesModule from 'aws-ses-v2-local';

/** A message as aws-ses-v2-local keeps it (`GET /store`). */
export interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

/** An SES identity's verification status, as `GetEmailIdentity` reports it. */
export type IdentityStatus = 'SUCCESS' | 'PENDING' | 'FAILED' | 'TEMPORARY_FAILURE' | 'NOT_STARTED';

export interface SesStandIn {
  /** Endpoint for `AWS_ENDPOINT_URL_SESV2`. */
  endpoint: string;
  /** The messages sent through this stand-in, oldest first. */
  emails(): Promise<StoredEmail[]>;
  /** Declares (or, with `undefined`, removes) an identity `GetEmailIdentity` knows. */
  setIdentity(identity: string, status: IdentityStatus | undefined): void;
  /** What `GetAccount` says: production access (default) or the sandbox, sending enabled or not. */
  setAccount(account: { productionAccess: boolean; sendingEnabled: boolean }): void;
  /**
   * The next `count` `SendEmail` calls are accepted (the message is kept) but their answer is
   * lost: the connection closes instead, as when SES accepts a message and the network fails.
   */
  loseAnswers(count: number): void;
  close(): Promise<void>;
}

// The package is CommonJS exporting `default`; under ESM the function may sit one level deeper.
type StartServer = (config: { host: string; port: number }) => Promise<Server>;
const imported = sesModule as unknown as { default: StartServer | { default: StartServer } };
const startServer: StartServer =
  typeof imported.default === 'function' ? imported.default : imported.default.default;

const IDENTITY_PATH = /^\/v2\/email\/identities\/([^/?]+)$/;
/** A sent message's ID in an SES answer: v2 JSON (bulk included) or v1 XML. */
const MESSAGE_ID = /"MessageId"\s*:\s*"([^"]+)"|<MessageId>([^<]+)<\/MessageId>/g;
const ACCOUNT_PATH = '/v2/email/account';
const SEND_PATH = '/v2/email/outbound-emails';

/**
 * aws-ses-v2-local on loopback (the SES v2 API, keeping every sent message in memory), behind a
 * front that answers `GetEmailIdentity` (`GET /v2/email/identities/{identity}`), which
 * aws-ses-v2-local lacks, as SES does: the identity's type and verification status, or 404
 * `NotFoundException` for an identity nobody declared; and `GetAccount`, which aws-ses-v2-local
 * answers only from an environment variable. Everything else is proxied as is.
 */
export async function startSesStandIn(identities: Record<string, IdentityStatus> = {}): Promise<SesStandIn> {
  const server = await startServer({ host: '127.0.0.1', port: 0 });
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
  const upstream = (server.address() as AddressInfo).port;
  const known = new Map(Object.entries(identities));
  let account = { productionAccess: true, sendingEnabled: true };
  let answersToLose = 0;
  // aws-ses-v2-local keeps one store per process: each stand-in lists only the messages it sent.
  const sent = new Set<string>();

  const front = createServer((request, response) => {
    const match = IDENTITY_PATH.exec(request.url ?? '');
    if (request.method === 'GET' && match?.[1]) {
      request.resume();
      answerIdentity(response, decodeURIComponent(match[1]), known);
      return;
    }
    if (request.method === 'GET' && request.url === ACCOUNT_PATH) {
      request.resume();
      answerAccount(response, account);
      return;
    }
    const forwarded = httpRequest(
      {
        host: '127.0.0.1',
        port: upstream,
        method: request.method,
        path: request.url,
        headers: request.headers,
      },
      (answer) => {
        // The message it sent is this stand-in's, whether or not its answer reaches the caller.
        const body: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => body.push(chunk));
        answer.on('end', () => {
          for (const [, json, xml] of Buffer.concat(body).toString('utf8').matchAll(MESSAGE_ID))
            sent.add(json ?? xml ?? '');
        });
        if (answersToLose > 0 && request.method === 'POST' && request.url === SEND_PATH) {
          answersToLose -= 1;
          answer.on('end', () => response.socket?.destroy());
          return;
        }
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    forwarded.on('error', () => response.destroy());
    request.pipe(forwarded);
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
  const closeServer = (s: Server) =>
    new Promise<void>((resolve, reject) => {
      s.closeAllConnections();
      s.close((error?: Error) => (error ? reject(error) : resolve()));
    });
  return {
    endpoint,
    async emails() {
      const answer = await fetch(`${endpoint}/store`);
      return ((await answer.json()) as { emails: StoredEmail[] }).emails.filter((e) => sent.has(e.messageId));
    },
    setIdentity(identity, status) {
      if (status === undefined) known.delete(identity);
      else known.set(identity, status);
    },
    setAccount(next) {
      account = next;
    },
    loseAnswers(count) {
      answersToLose = count;
    },
    close: async () => {
      await closeServer(front);
      await closeServer(server);
    },
  };
}

function answerIdentity(
  response: ServerResponse,
  identity: string,
  known: ReadonlyMap<string, IdentityStatus>,
) {
  const status = known.get(identity);
  const send = (code: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    response.writeHead(code, { 'content-type': 'application/json', ...headers });
    response.end(text);
  };
  if (status === undefined) {
    send(
      404,
      { message: `Email identity ${identity} does not exist.` },
      { 'x-amzn-errortype': 'NotFoundException' },
    );
    return;
  }
  const isDomain = !identity.includes('@');
  send(200, {
    IdentityType: isDomain ? 'DOMAIN' : 'EMAIL_ADDRESS',
    FeedbackForwardingStatus: true,
    VerifiedForSendingStatus: status === 'SUCCESS',
    VerificationStatus: status,
    DkimAttributes: {
      SigningEnabled: isDomain,
      Status: isDomain ? status : 'NOT_STARTED',
      Tokens: [],
      SigningAttributesOrigin: 'AWS_SES',
    },
    MailFromAttributes: { BehaviorOnMxFailure: 'USE_DEFAULT_VALUE' },
    Policies: {},
    Tags: [],
  });
}

function answerAccount(
  response: ServerResponse,
  account: { productionAccess: boolean; sendingEnabled: boolean },
) {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(
    JSON.stringify({
      DedicatedIpAutoWarmupEnabled: false,
      EnforcementStatus: account.sendingEnabled ? 'HEALTHY' : 'SHUTDOWN',
      ProductionAccessEnabled: account.productionAccess,
      SendingEnabled: account.sendingEnabled,
      SendQuota: account.productionAccess
        ? { Max24HourSend: 50_000, MaxSendRate: 14, SentLast24Hours: 0 }
        : { Max24HourSend: 200, MaxSendRate: 1, SentLast24Hours: 0 },
      SuppressionAttributes: { SuppressedReasons: [] },
    }),
  );
}
