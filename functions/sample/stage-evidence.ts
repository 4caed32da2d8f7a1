import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { ReportReader } from '../adapters/report-reader.js';
import { ReportJobError } from '../shared/errors.js';

/**
 * Copies evidence parts to one local NDJSON file, each line with where it came from: its part
 * (`evidenceFile`, relative to the project folder), its line number in the decompressed part
 * (`evidenceLine`, from 1) and the SHA-256 of the line's text (`lineSha256`, the identity of a
 * record without a Descope ID). The record's own fields follow unchanged.
 */
export async function stageEvidenceLines(
  reader: ReportReader,
  projectPrefix: string,
  parts: readonly string[],
  target: string,
): Promise<number> {
  const out = createWriteStream(target);
  let lines = 0;
  try {
    for (const part of parts) {
      const body = await reader.get(`${projectPrefix}${part}`);
      if (!body) throw new ReportJobError(`evidence part ${part} is missing`);
      const text = gunzipSync(body).toString('utf8');
      let line = 0;
      for (const raw of text.split('\n')) {
        line += 1;
        if (raw === '') continue;
        if (!raw.startsWith('{')) throw new ReportJobError(`${part} line ${line} is not a JSON object`);
        const sha256 = createHash('sha256').update(raw).digest('hex');
        const head = `{"evidenceFile":${JSON.stringify(part)},"evidenceLine":${line},"lineSha256":"${sha256}"`;
        const rest = raw.slice(1).trimStart();
        if (!out.write(`${head}${rest.startsWith('}') ? '' : ','}${rest}\n`)) await once(out, 'drain');
        lines += 1;
      }
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  return lines;
}
