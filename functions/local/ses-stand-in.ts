import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as sesModule from 'aws-ses-v2-local';

/** A message as aws-ses-v2-local keeps it (`GET /store`). */
export interface StoredEmail {
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

export interface SesStandIn {
  /** Endpoint for `AWS_ENDPOINT_URL_SESV2`. */
  endpoint: string;
  emails(): Promise<StoredEmail[]>;
  close(): Promise<void>;
}

// The package is CommonJS exporting `default`; under ESM the function may sit one level deeper.
type StartServer = (config: { host: string; port: number }) => Promise<Server>;
const imported = sesModule as unknown as { default: StartServer | { default: StartServer } };
const startServer: StartServer =
  typeof imported.default === 'function' ? imported.default : imported.default.default;

/** aws-ses-v2-local on loopback: the SES v2 API, keeping every sent message in memory. */
export async function startSesStandIn(): Promise<SesStandIn> {
  const server = await startServer({ host: '127.0.0.1', port: 0 });
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    async emails() {
      const answer = await fetch(`${endpoint}/store`);
      return ((await answer.json()) as { emails: StoredEmail[] }).emails;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error?: Error) => (error ? reject(error) : resolve()));
      }),
  };
}
