// Debian's chromium driven by playwright-core (no browser download).
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`chromium not found at ${CHROMIUM}: apt-get install chromium (CI's .ci/run does), or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * Makes the page and the workers it starts report `cores` logical cores
 * (navigator.hardwareConcurrency), through the DevTools protocol: a CDP override reaches the
 * page only, so each worker is caught at its start (auto-attach, paused) and given it too.
 */
export async function emulateCores(context: BrowserContext, page: Page, cores: number): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setHardwareConcurrencyOverride', { hardwareConcurrency: cores });
  let id = 0;
  cdp.on('Target.attachedToTarget', (event) => {
    const send = (method: string, params: object) =>
      cdp.send('Target.sendMessageToTarget', { sessionId: event.sessionId, message: JSON.stringify({ id: ++id, method, params }) }).catch(() => undefined);
    void send('Emulation.setHardwareConcurrencyOverride', { hardwareConcurrency: cores }).then(() => send('Runtime.runIfWaitingForDebugger', {}));
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });
}
