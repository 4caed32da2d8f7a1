import { accessSync, constants, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where a system Chromium lives on Debian/Ubuntu and common distributions, in order of preference. */
export const SYSTEM_CHROMIUM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
] as const;

/** Flags for a desktop Chromium run headless in a container (as root, no GPU, no network chatter). */
const SYSTEM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The Chromium to drive, and where it came from. */
export interface ChromiumChoice {
  source: 'CHROMIUM_PATH' | 'system' | '@sparticuz/chromium';
  executablePath: string;
  args: string[];
  /** Variables the browser process needs on top of the caller's own. */
  env: Record<string, string>;
}

/**
 * `@sparticuz/chromium`'s flags are made for one page per Lambda invocation. Dropped here: one
 * process (closing a page would end the browser) and the relaxed web security (pages open with the
 * browser's usual rules).
 */
const PACKAGED_ARGS_DROPPED = new Set([
  '--single-process',
  '--disable-web-security',
  '--allow-running-insecure-content',
]);

const isExecutable = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * Finds a Chromium: `CHROMIUM_PATH` when set (and then only it: a wrong explicit choice is an
 * error, not a reason to pick another), else a system Chromium, else the one `npm ci` installs with
 * `@sparticuz/chromium` (its binary ships inside the package and is unpacked into the temp dir on
 * first use; Linux only). Never downloads anything.
 */
export async function findChromium(
  env: Record<string, string | undefined> = process.env,
  systemPaths: readonly string[] = SYSTEM_CHROMIUM_PATHS,
): Promise<ChromiumChoice> {
  const explicit = env.CHROMIUM_PATH?.trim();
  if (explicit) {
    if (!isExecutable(explicit)) throw new Error(`CHROMIUM_PATH ${explicit} is not an executable file`);
    return { source: 'CHROMIUM_PATH', executablePath: explicit, args: SYSTEM_ARGS, env: {} };
  }
  const system = systemPaths.find(isExecutable);
  if (system) return { source: 'system', executablePath: system, args: SYSTEM_ARGS, env: {} };
  if (process.platform !== 'linux') {
    throw new Error(
      `No Chromium found (${systemPaths.join(', ')}) and @sparticuz/chromium runs on Linux only: ` +
        'set CHROMIUM_PATH to a Chromium or Chrome executable',
    );
  }
  const { default: packaged } = await import('@sparticuz/chromium');
  return {
    source: '@sparticuz/chromium',
    executablePath: await packaged.executablePath(),
    args: packaged.args.filter((arg) => !PACKAGED_ARGS_DROPPED.has(arg)),
    // The package unpacks its fonts beside the binary; use them only where the machine has no
    // fontconfig of its own (a bare container), so a desktop renders with its usual fonts.
    env: existsSync('/etc/fonts/fonts.conf') ? {} : { FONTCONFIG_PATH: join(tmpdir(), 'fonts') },
  };
}
