import { type Browser, chromium } from 'playwright-core';
import {
  type ChromiumChoice,
  findChromium,
  SYSTEM_CHROMIUM_PATHS,
} from '../../functions/adapters/find-chromium.js';

export { type ChromiumChoice, findChromium, SYSTEM_CHROMIUM_PATHS };

/**
 * The pages under test draw nothing with WebGL: without GPU emulation (the packaged Chromium's
 * SwiftShader) a context and a page load cost the browser about half the CPU.
 */
const TEST_ARGS = ['--disable-gpu'];

/** Starts the browser {@link findChromium} chooses; fails (never skips) when none can start. */
export async function launchReportBrowser(): Promise<{ browser: Browser; choice: ChromiumChoice }> {
  const choice = await findChromium();
  try {
    const browser = await chromium.launch({
      executablePath: choice.executablePath,
      args: [...choice.args, ...TEST_ARGS],
      env: { ...process.env, ...choice.env },
    });
    return { browser, choice };
  } catch (error) {
    throw new Error(`Chromium from ${choice.source} (${choice.executablePath}) did not start`, {
      cause: error,
    });
  }
}
