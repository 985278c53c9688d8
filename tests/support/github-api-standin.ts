/**
 * A local HTTP stand-in for the parts of the GitHub REST API the tools use: issue comments (sticky PR comments)
 * and issues with labels (drift issues). State lives in memory; every request is recorded for assertions.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface StandinComment { id: number; issue: number; body: string }
export interface StandinIssue { number: number; title: string; body: string; state: "open" | "closed"; labels: string[] }

export class GitHubApiStandin {
  readonly comments: StandinComment[] = [];
  readonly issues: StandinIssue[] = [];
  readonly requests: string[] = [];
  private nextId = 1000;
  private server?: Server;
  url = "";

  async start(): Promise<string> {
    this.server = createServer(async (req, res): Promise<unknown> => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : {};
      const url = new URL(req.url ?? "/", "http://x");
      this.requests.push(`${req.method} ${url.pathname}`);
      const send = (status: number, data: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(data));
      const path = url.pathname.replace(/^\/repos\/[^/]+\/[^/]+/, "");
      let m: RegExpMatchArray | null;
      if ((m = path.match(/^\/issues\/(\d+)\/comments$/))) {
        const issue = Number(m[1]);
        if (req.method === "GET") return send(200, this.comments.filter((c) => c.issue === issue));
        if (req.method === "POST") {
          const c = { id: this.nextId++, issue, body: body.body };
          this.comments.push(c);
          return send(201, c);
        }
      }
      if ((m = path.match(/^\/issues\/comments\/(\d+)$/)) && req.method === "PATCH") {
        const c = this.comments.find((x) => x.id === Number(m![1]));
        if (!c) return send(404, { message: "Not Found" });
        c.body = body.body;
        return send(200, c);
      }
      if (path === "/issues" && req.method === "GET") {
        const state = url.searchParams.get("state") ?? "open";
        const labels = url.searchParams.get("labels")?.split(",").filter(Boolean) ?? [];
        return send(200, this.issues
          .filter((i) => state === "all" || i.state === state)
          .filter((i) => labels.every((l) => i.labels.includes(l)))
          .map((i) => ({ ...i, labels: i.labels.map((name) => ({ name })) })));
      }
      if (path === "/issues" && req.method === "POST") {
        const issue: StandinIssue = { number: this.issues.length + 1, title: body.title, body: body.body ?? "", state: "open", labels: body.labels ?? [] };
        this.issues.push(issue);
        return send(201, { ...issue, labels: issue.labels.map((name) => ({ name })) });
      }
      if ((m = path.match(/^\/issues\/(\d+)$/)) && req.method === "PATCH") {
        const issue = this.issues.find((i) => i.number === Number(m![1]));
        if (!issue) return send(404, { message: "Not Found" });
        if (body.body !== undefined) issue.body = body.body;
        if (body.title !== undefined) issue.title = body.title;
        if (body.state !== undefined) issue.state = body.state;
        return send(200, { ...issue, labels: issue.labels.map((name) => ({ name })) });
      }
      return send(404, { message: `stand-in has no route for ${req.method} ${url.pathname}` });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
