import { type Browser, chromium } from 'playwright-core';
import {
  type ChromiumChoice,
  findChromium,
  SYSTEM_CHROMIUM_PATHS,
} from '../../functions/adapters/find-chromium.js';

export { type ChromiumChoice, findChromium, SYSTEM_CHROMIUM_PATHS };

/** Starts the browser {@link findChromium} chooses; fails (never skips) when none can start. */
export async function launchReportBrowser(): Promise<{ browser: Browser; choice: ChromiumChoice }> {
  const choice = await findChromium();
  try {
    const browser = await chromium.launch({
      executablePath: choice.executablePath,
      args: choice.args,
      env: { ...process.env, ...choice.env },
    });
    return { browser, choice };
  } catch (error) {
    throw new Error(`Chromium from ${choice.source} (${choice.executablePath}) did not start`, {
      cause: error,
    });
  }
}
