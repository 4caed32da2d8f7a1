import type { LocalEnvironment } from './local-environment.js';

const clip = (text: string, max = 600) =>
  text.length > max ? `${text.slice(0, max)}… (${text.length} bytes)` : text;

/** Prints what each channel would have sent: the webhook sink's requests and the events put. */
export function printChannelMessages(local: LocalEnvironment, print: (line?: string) => void): void {
  for (const request of local.webhooks.requests()) {
    const kind = request.path.startsWith('/slack')
      ? 'Slack (Block Kit)'
      : request.path.startsWith('/teams')
        ? 'Microsoft Teams (Adaptive Card)'
        : 'Webhook (signed JSON)';
    print();
    print(`${kind} message captured by the webhook sink at ${request.path}:`);
    const signature = request.headers['x-descope-report-signature'];
    if (signature)
      print(`  signature: ${signature} (timestamp ${request.headers['x-descope-report-timestamp']})`);
    print(`  | ${clip(request.body)}`);
  }
  const events = local.eventBridge.events();
  if (events.length > 0) {
    print();
    print(`EventBridge stand-in: ${events.length} events put on the bus:`);
    for (const e of events.slice(0, 5)) print(`  ${e.DetailType} · ${clip(e.Detail, 200)}`);
  }
}
