/**
 * A local HTTP stand-in for the Cloudflare API endpoints the tools use: notification webhook destinations (create,
 * update, list) for `infra secrets sync-cloudflare`, and a zone's DNS records and the account's audit log (paged
 * like Cloudflare's v4 lists: `page`, `per_page`, `result_info`) for `infra drift --unmanaged`, answering in the v4
 * envelope (`{ success, errors, messages, result }`).
 * The official `cloudflare` SDK talks to it through `CLOUDFLARE_BASE_URL`. State lives in memory; every request is
 * recorded for assertions.
 * @see https://developers.cloudflare.com/api/resources/alerting/subresources/destinations/subresources/webhooks/
 */
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface StandinWebhook {
  id: string;
  accountId: string;
  name: string;
  url: string;
}
export interface StandinDnsRecord {
  id: string;
  zoneId: string;
  name: string;
  type: string;
  content: string;
}
export interface StandinAuditLog {
  id: string;
  accountId: string;
  when: string;
  action: { type: string };
  actor: { email: string; ip: string };
  resource: { id: string; type: string };
}

export class CloudflareApiStandin {
  readonly webhooks: StandinWebhook[] = [];
  readonly dnsRecords: StandinDnsRecord[] = [];
  readonly auditLogs: StandinAuditLog[] = [];
  /** Request paths that answer 429 once before serving, as Cloudflare's rate limit does. */
  readonly throttleOnce = new Set<string>();
  readonly requests: string[] = [];
  private server?: Server;
  url = "";

  async start(): Promise<string> {
    this.server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : {};
      const url = new URL(req.url ?? "/", "http://x");
      const path = url.pathname;
      this.requests.push(`${req.method} ${path}`);
      const send = (status: number, result: unknown, errors: unknown[] = [], extra: Record<string, unknown> = {}) =>
        res
          .writeHead(status, { "content-type": "application/json" })
          .end(JSON.stringify({ success: status < 400, errors, messages: [], result, ...extra }));
      if (this.throttleOnce.delete(`${req.method} ${path}`)) {
        return res.writeHead(429, { "content-type": "application/json", "retry-after": "0" }).end(
          JSON.stringify({
            success: false,
            errors: [{ code: 10000, message: "rate limited" }],
            messages: [],
            result: null,
          }),
        );
      }
      const paged = <T>(items: T[]) => {
        const perPage = Number(url.searchParams.get("per_page") ?? 20);
        const page = Number(url.searchParams.get("page") ?? 1);
        const result = items.slice((page - 1) * perPage, page * perPage);
        return send(200, result, [], {
          result_info: {
            page,
            per_page: perPage,
            count: result.length,
            total_count: items.length,
            total_pages: Math.ceil(items.length / perPage),
          },
        });
      };
      let m: RegExpMatchArray | null;
      if ((m = path.match(/^\/client\/v4\/zones\/([^/]+)\/dns_records$/)) && req.method === "GET") {
        return paged(
          this.dnsRecords
            .filter((r) => r.zoneId === m![1])
            .map(({ id, name, type, content }) => ({
              id,
              name,
              type,
              content,
              proxied: true,
              ttl: 1,
              settings: {},
              meta: {},
              comment: null,
              tags: [],
              created_on: "2026-01-01T00:00:00Z",
              modified_on: "2026-01-01T00:00:00Z",
              proxiable: true,
            })),
        );
      }
      if ((m = path.match(/^\/client\/v4\/accounts\/([^/]+)\/audit_logs$/)) && req.method === "GET") {
        return paged(
          this.auditLogs
            .filter((l) => l.accountId === m![1])
            .sort((a, b) => b.when.localeCompare(a.when))
            .map(({ accountId: _a, ...log }) => log),
        );
      }
      if ((m = path.match(/^\/client\/v4\/accounts\/([^/]+)\/alerting\/v3\/destinations\/webhooks$/))) {
        if (req.method === "GET")
          return send(
            200,
            this.webhooks.filter((w) => w.accountId === m![1]).map(({ id, name, url }) => ({ id, name, url })),
          );
        if (req.method === "POST") {
          const webhook = { id: randomUUID(), accountId: m[1], name: body.name, url: body.url };
          this.webhooks.push(webhook);
          return send(200, { id: webhook.id });
        }
      }
      if (
        (m = path.match(/^\/client\/v4\/accounts\/([^/]+)\/alerting\/v3\/destinations\/webhooks\/([^/]+)$/)) &&
        req.method === "PUT"
      ) {
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
