/**
 * A local HTTP stand-in for the Cloudflare API endpoints `infra secrets sync-cloudflare` uses: notification webhook
 * destinations (create, update, list), answering in Cloudflare's v4 envelope (`{ success, errors, messages, result }`).
 * The official `cloudflare` SDK talks to it through `CLOUDFLARE_BASE_URL`. State lives in memory; every request is
 * recorded for assertions.
 * @see https://developers.cloudflare.com/api/resources/alerting/subresources/destinations/subresources/webhooks/
 */
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface StandinWebhook { id: string; accountId: string; name: string; url: string }

export class CloudflareApiStandin {
  readonly webhooks: StandinWebhook[] = [];
  readonly requests: string[] = [];
  private server?: Server;
  url = "";

  async start(): Promise<string> {
    this.server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : {};
      const path = new URL(req.url ?? "/", "http://x").pathname;
      this.requests.push(`${req.method} ${path}`);
      const send = (status: number, result: unknown, errors: unknown[] = []) =>
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ success: status < 400, errors, messages: [], result }));
      let m: RegExpMatchArray | null;
      if ((m = path.match(/^\/client\/v4\/accounts\/([^/]+)\/alerting\/v3\/destinations\/webhooks$/))) {
        if (req.method === "GET") return send(200, this.webhooks.filter((w) => w.accountId === m![1]).map(({ id, name, url }) => ({ id, name, url })));
        if (req.method === "POST") {
          const webhook = { id: randomUUID(), accountId: m[1]!, name: body.name, url: body.url };
          this.webhooks.push(webhook);
          return send(200, { id: webhook.id });
        }
      }
      if ((m = path.match(/^\/client\/v4\/accounts\/([^/]+)\/alerting\/v3\/destinations\/webhooks\/([^/]+)$/)) && req.method === "PUT") {
        const webhook = this.webhooks.find((w) => w.accountId === m![1] && w.id === m![2]);
        if (!webhook) return send(404, null, [{ code: 1003, message: "webhook not found" }]);
        Object.assign(webhook, { name: body.name, url: body.url });
        return send(200, { id: webhook.id });
      }
      return send(404, null, [{ code: 7003, message: `stand-in has no route for ${req.method} ${path}` }]);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/client/v4`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
