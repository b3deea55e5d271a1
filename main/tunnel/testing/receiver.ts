/** The real webhook receiver with do-nothing handlers, so the tunnel tests exercise the path Twilio takes. */
import { createServer, type AddressInfo } from 'node:net';
import { startWebhookServer, type WebhookHandlers, type WebhookServer } from '../../webhooks/webhook-server';
import { silentLogger } from '../../log';

const hangup = () => '<Response><Hangup/></Response>';
const handlers: WebhookHandlers = {
  twiml: hangup,
  gather: hangup,
  callStatus: () => undefined,
  amd: () => undefined,
  smsStatus: () => undefined,
  smsInbound: () => '<Response/>',
};

export function startReceiver(opts: { authToken: string; publicBases: () => string[] }): Promise<WebhookServer> {
  return startWebhookServer({ port: 0, handlers, authTokens: () => [opts.authToken], publicBases: opts.publicBases, log: silentLogger() });
}

/** A loopback port where nothing listens (it was free a moment ago). */
export async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
