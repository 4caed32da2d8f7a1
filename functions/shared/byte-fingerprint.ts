import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';

/** What flowed through a fingerprint tap: its size and SHA-256. */
export interface Fingerprint {
  bytes: number;
  sha256: string;
}

/**
 * A pass-through that hashes and counts the bytes flowing through it. `seen` gives the fingerprint
 * once the stream has ended; `verify`, when given, is asked at the end and fails the stream with
 * the error it returns.
 */
export function byteFingerprint(verify?: (seen: Fingerprint) => Error | undefined) {
  const hash = createHash('sha256');
  let bytes = 0;
  let sha256: string | undefined;
  const seen = (): Fingerprint => {
    sha256 ??= hash.digest('hex');
    return { bytes, sha256 };
  };
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
    flush(done) {
      done(verify?.(seen()) ?? null);
    },
  });
  return { tap, seen };
}
