import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { MANIFEST_FILE, type Manifest } from '../../functions/core/integrity/manifest.js';

/** An object's bytes (empty when it is missing). */
export async function readObject(s3: S3Client, bucket: string, key: string): Promise<Buffer> {
  const answer = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from((await answer.Body?.transformToByteArray()) ?? new Uint8Array());
}

/** The files whose text states the collection source, and how that statement is taken out. */
const SOURCE_STATEMENTS: Array<[RegExp, (text: string) => string]> = [
  [/(^|\/)report\.html$/, (text) => text.replace(/<div class="source-facts">[\s\S]*?<\/div>/, '')],
  [
    /(^|\/)summary\.json$/,
    (text) => {
      const { source: _source, ...rest } = JSON.parse(text) as Record<string, unknown>;
      return JSON.stringify(rest);
    },
  ],
];

const statesSource = (name: string) => SOURCE_STATEMENTS.some(([pattern]) => pattern.test(name));

/** A file with the collection-source statement taken out (other files unchanged). */
export function withoutSourceFacts(name: string, body: Buffer): Buffer {
  const rule = SOURCE_STATEMENTS.find(([pattern]) => pattern.test(name));
  return rule ? Buffer.from(rule[1](body.toString('utf8'))) : body;
}

/** A file as compared: the source statement out, and the bucket (which the report names) as `<bucket>`. */
function comparable(name: string, body: Buffer, bucket: string): Buffer {
  if (!statesSource(name)) return body;
  return Buffer.from(withoutSourceFacts(name, body).toString('utf8').replaceAll(bucket, '<bucket>'));
}

/** Where two buffers first differ, with some context. */
function firstDifference(a: Buffer, b: Buffer): string {
  let at = 0;
  while (at < a.length && a[at] === b[at]) at += 1;
  const around = (x: Buffer) => JSON.stringify(x.subarray(Math.max(0, at - 40), at + 40).toString('utf8'));
  return `from byte ${at}: ${around(a)} / ${around(b)}`;
}

/**
 * Every difference between two report folders listed by their manifests: the file lists, each
 * file's bytes (the source statement and the bucket name, which the report states, aside) and each
 * manifest (the hashes of the files stating those aside). An empty list means the same report.
 */
export async function diffReportFolders(
  s3: S3Client,
  a: { bucket: string },
  b: { bucket: string },
  prefix: string,
): Promise<{ differences: string[]; files: string[] }> {
  const differences: string[] = [];
  const files: string[] = [];
  const listed = (m: Manifest) =>
    JSON.stringify({
      ...m,
      files: m.files.map((f) =>
        statesSource(f.name) || f.name.endsWith(MANIFEST_FILE) ? { name: f.name } : f,
      ),
    });
  const manifests = [MANIFEST_FILE];
  for (let i = 0; i < manifests.length; i += 1) {
    const name = manifests[i] as string;
    const folder = name.slice(0, name.length - MANIFEST_FILE.length);
    const [ma, mb] = await Promise.all([
      readObject(s3, a.bucket, `${prefix}${name}`),
      readObject(s3, b.bucket, `${prefix}${name}`),
    ]);
    const [pa, pb] = [JSON.parse(ma.toString()) as Manifest, JSON.parse(mb.toString()) as Manifest];
    if (listed(pa) !== listed(pb)) differences.push(`${name}: the manifests list different files or hashes`);
    for (const file of pa.files) {
      const path = `${folder}${file.name}`;
      if (file.name.endsWith(MANIFEST_FILE)) {
        if (folder === '') manifests.push(path);
        continue;
      }
      // The project manifest lists the tenants' files too; each is compared once, under its own manifest.
      if (folder === '' && file.name.startsWith('tenants/')) continue;
      files.push(path);
      const [fa, fb] = await Promise.all([
        readObject(s3, a.bucket, `${prefix}${path}`),
        readObject(s3, b.bucket, `${prefix}${path}`),
      ]);
      const [ca, cb] = [comparable(path, fa, a.bucket), comparable(path, fb, b.bucket)];
      if (!ca.equals(cb)) differences.push(`${path}: the bytes differ ${firstDifference(ca, cb)}`);
    }
  }
  return { differences, files };
}
