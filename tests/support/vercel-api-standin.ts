/**
 * A local HTTP stand-in for the Vercel REST API endpoints `infra drift --unmanaged` reads through @vercel/sdk: a
 * project's environment variables (`GET /v10/projects/:idOrName/env`) and domains (`GET /v9/projects/:idOrName/domains`,
 * paged with `limit` and `until` = the previous page's `pagination.next`, as Vercel's API does). Shapes follow the
 * API reference closely enough for the SDK's own response validation. One path can be made to answer 429 once.
 * @see https://vercel.com/docs/rest-api/reference/endpoints/projects
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface StandinVercelEnv {
  key: string;
  type: "plain" | "encrypted" | "sensitive";
  target: string[];
}

export class VercelApiStandin {
  /** By project name. */
  readonly envs = new Map<string, StandinVercelEnv[]>();
  readonly domains = new Map<string, string[]>();
  readonly throttleOnce = new Set<string>();
  readonly requests: string[] = [];
  private server?: Server;
  url = "";

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://x");
      this.requests.push(`${req.method} ${url.pathname}`);
      const send = (status: number, body: unknown) =>
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      if (this.throttleOnce.delete(`${req.method} ${url.pathname}`))
        return send(429, { error: { code: "rate_limited", message: "Rate limited" } });
      let m: RegExpMatchArray | null;
      if ((m = url.pathname.match(/^\/v10\/projects\/([^/]+)\/env$/)) && req.method === "GET") {
        const envs = (this.envs.get(decodeURIComponent(m[1])) ?? []).map((e, i) => ({
          id: `env_${i}`,
          key: e.key,
          type: e.type,
          target: e.target,
          value: "",
          securityIssues: [],
          createdAt: 1_700_000_000_000 + i,
        }));
        return send(200, { envs });
      }
      if ((m = url.pathname.match(/^\/v9\/projects\/([^/]+)\/domains$/)) && req.method === "GET") {
        const project = decodeURIComponent(m[1]);
        const all = (this.domains.get(project) ?? []).map((name, i) => ({
          name,
          apexName: name.split(".").slice(-2).join("."),
          projectId: `prj_${project}`,
          verified: true,
          createdAt: 1_700_000_000_000 - i * 1000,
        }));
        const limit = Number(url.searchParams.get("limit") ?? 20);
        const until = url.searchParams.get("until");
        const older = until ? all.filter((d) => d.createdAt < Number(until)) : all;
        const page = older.slice(0, limit);
        const more = older.length > page.length;
        return send(200, {
          domains: page,
          pagination: { count: page.length, next: more ? page.at(-1)!.createdAt : null, prev: null },
        });
      }
      return send(404, {
        error: { code: "not_found", message: `stand-in has no route for ${req.method} ${url.pathname}` },
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
