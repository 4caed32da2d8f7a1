import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { z } from 'zod';

/** The synthesized function asset: its folder in the cloud assembly and the function's logical ID. */
export interface FunctionAsset {
  directory: string;
  logicalId: string;
}

const manifestSchema = z.object({
  artifacts: z.record(
    z.string(),
    z.object({ type: z.string(), properties: z.object({ templateFile: z.string() }).partial().optional() }),
  ),
});
const templateSchema = z.object({
  Resources: z.record(
    z.string(),
    z.object({
      Type: z.string(),
      Properties: z
        .object({ Code: z.object({ S3Key: z.unknown() }).partial().optional() })
        .partial()
        .optional(),
      Metadata: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
});

/**
 * The report function's asset in `cdkOut` (`npm run synth`'s output): the Lambda function of the
 * synthesized stacks whose asset folder ships DuckDB. Found through the assembly's manifest and
 * templates, so stale `asset.*` folders of earlier synths are never measured.
 */
export async function findFunctionAsset(cdkOut: string): Promise<FunctionAsset> {
  const manifest = manifestSchema.parse(JSON.parse(await readFile(join(cdkOut, 'manifest.json'), 'utf8')));
  const found: FunctionAsset[] = [];
  for (const artifact of Object.values(manifest.artifacts)) {
    const templateFile = artifact.properties?.templateFile;
    if (artifact.type !== 'aws:cloudformation:stack' || !templateFile) continue;
    const template = templateSchema.parse(JSON.parse(await readFile(join(cdkOut, templateFile), 'utf8')));
    for (const [logicalId, resource] of Object.entries(template.Resources)) {
      const path = resource.Metadata?.['aws:asset:path'];
      if (resource.Type !== 'AWS::Lambda::Function' || typeof path !== 'string') continue;
      const directory = join(cdkOut, path);
      if (await isDirectory(join(directory, 'node_modules', '@duckdb'))) found.push({ directory, logicalId });
    }
  }
  const [only] = found;
  if (!only || found.length > 1)
    throw new Error(
      `expected one function asset with DuckDB in ${cdkOut}, found ${found.length}: run npm run synth`,
    );
  return only;
}

const isDirectory = (path: string) =>
  stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );

/** Every file under `directory`, relative to it with `/` separators, sorted. */
export async function listFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(directory, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

/** An asset's size as Lambda counts it (unzipped) and as it is uploaded (zipped), in bytes. */
export interface AssetSize {
  files: number;
  unzipped: number;
  zipped: number;
}

// Local file header and central directory entry (each without extra fields), and the end record.
const LOCAL_HEADER = 30;
const CENTRAL_HEADER = 46;
const END_RECORD = 22;

/**
 * Sizes of the files under `directory` matching `include`. The zipped size is that of the zip the
 * CDK CLI uploads (2.1148: yazl, every file deflated at zlib's default level 6, DOS timestamps
 * only): each file's deflated bytes, its local and central headers, and the end record.
 */
export async function measureAsset(
  directory: string,
  include: (path: string) => boolean = () => true,
): Promise<AssetSize> {
  const size: AssetSize = { files: 0, unzipped: 0, zipped: END_RECORD };
  for (const path of (await listFiles(directory)).filter(include)) {
    const body = await readFile(join(directory, path));
    const name = Buffer.byteLength(path);
    size.files += 1;
    size.unzipped += body.byteLength;
    size.zipped += deflateRawSync(body, { level: 6 }).byteLength + LOCAL_HEADER + CENTRAL_HEADER + 2 * name;
  }
  return size;
}
