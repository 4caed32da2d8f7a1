import type { AddressInfo } from 'node:net';
import S3rver from 's3rver';

export interface S3StandIn {
  /** Endpoint for `AWS_ENDPOINT_URL_S3`. */
  endpoint: string;
  close(): Promise<void>;
}

/**
 * s3rver on loopback with `bucket` created, files under `directory`. It accepts the access key
 * `S3RVER` / secret `S3RVER`.
 */
export async function startS3StandIn(directory: string, bucket: string): Promise<S3StandIn> {
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const address = (await server.run()) as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    close: () => server.close(),
  };
}
