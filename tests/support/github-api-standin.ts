/**
 * A local HTTP stand-in for the parts of the GitHub REST API the tools use: issue comments (sticky PR comments),
 * issues with labels (drift issues), and environment secrets (the environment's public key and PUT of a sealed
 * value). Like GitHub, it holds a real X25519 key pair per environment, so a test can open the sealed box it was
 * sent. State lives in memory; every request is recorded for assertions.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import sodium from "libsodium-wrappers";

/** A comment; `user` is its author's login (the stand-in's own identity when the tools posted it). */
export interface StandinComment {
  id: number;
  issue: number;
  body: string;
  user?: string;
}
export interface StandinIssue {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  labels: string[];
}

export interface StandinEnvironmentSecret {
  environment: string;
  name: string;
  encryptedValue: string;
  keyId: string;
}

export class GitHubApiStandin {
  readonly environmentSecrets: StandinEnvironmentSecret[] = [];
  /** Environment variables by environment (names and values; the stand-in lists them like GitHub). */
  readonly environmentVariables = new Map<string, Map<string, string>>();
  /** Request paths (`GET /repos/o/r/environments/e/secrets`) that answer 429 once before serving, as a rate limit does. */
  readonly throttleOnce = new Set<string>();
  /** Pull requests by number: their head commit (what `GET /pulls/:n` answers). */
  readonly pulls = new Map<number, { headSha: string; labels?: string[] }>();
  /**
   * Who the token is. Undefined: an installation token (the workflow's GITHUB_TOKEN), which gets 403 from
   * `GET /user` and posts as github-actions[bot].
   */
  tokenUser: string | undefined = undefined;
  private readonly keys = new Map<string, { keyId: string; publicKey: Uint8Array; privateKey: Uint8Array }>();
  readonly comments: StandinComment[] = [];
  readonly issues: StandinIssue[] = [];
  readonly requests: string[] = [];
  private nextId = 1000;
  private server?: Server;
  url = "";

  /** Opens a sealed environment secret with the environment's private key, as GitHub would. */
  openSecret(environment: string, name: string): string {
    const secret = this.environmentSecrets.find((s) => s.environment === environment && s.name === name);
    const key = this.keys.get(environment);
    if (!secret || !key) throw new Error(`no secret ${name} in environment ${environment}`);
    if (secret.keyId !== key.keyId)
      throw new Error(`secret ${name} was sealed for key ${secret.keyId}, not the environment's key ${key.keyId}`);
    return sodium.to_string(
      sodium.crypto_box_seal_open(
        sodium.from_base64(secret.encryptedValue, sodium.base64_variants.ORIGINAL),
        key.publicKey,
        key.privateKey,
      ),
    );
  }

  /** Gives an environment a new key pair, as when GitHub rotates it. */
  rotateEnvironmentKey(environment: string): void {
    const pair = sodium.crypto_box_keypair();
    this.keys.set(environment, {
      keyId: `key-${environment}-${this.nextId++}`,
      publicKey: pair.publicKey,
      privateKey: pair.privateKey,
    });
  }

  private environmentKey(environment: string) {
    if (!this.keys.has(environment)) this.rotateEnvironmentKey(environment);
    return this.keys.get(environment)!;
  }

  async start(): Promise<string> {
    await sodium.ready;
    this.server = createServer(async (req, res): Promise<unknown> => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : {};
      const url = new URL(req.url ?? "/", "http://x");
      this.requests.push(`${req.method} ${url.pathname}`);
      const send = (status: number, data: unknown) =>
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(data));
      const path = url.pathname.replace(/^\/repos\/[^/]+\/[^/]+/, "");
      let m: RegExpMatchArray | null = null;
      if ((m = path.match(/^\/environments\/([^/]+)\/secrets\/public-key$/)) && req.method === "GET") {
        const key = this.environmentKey(decodeURIComponent(m[1]));
        return send(200, { key_id: key.keyId, key: sodium.to_base64(key.publicKey, sodium.base64_variants.ORIGINAL) });
      }
      if ((m = path.match(/^\/environments\/([^/]+)\/secrets\/([^/]+)$/)) && req.method === "PUT") {
        const [environment, name] = [decodeURIComponent(m[1]), decodeURIComponent(m[2])];
        const existing = this.environmentSecrets.findIndex((s) => s.environment === environment && s.name === name);
        const secret = { environment, name, encryptedValue: body.encrypted_value, keyId: body.key_id };
        if (existing >= 0) this.environmentSecrets[existing] = secret;
        else this.environmentSecrets.push(secret);
        return existing >= 0 ? res.writeHead(204).end() : send(201, {});
      }
      const routeKey = `${req.method} ${url.pathname}`;
      if (this.throttleOnce.delete(routeKey)) {
        return res
          .writeHead(429, { "content-type": "application/json", "retry-after": "0", "x-ratelimit-remaining": "0" })
          .end(JSON.stringify({ message: "API rate limit exceeded" }));
      }
      const pageOf = <T>(items: T[]) => {
        const perPage = Number(url.searchParams.get("per_page") ?? 30);
        const page = Number(url.searchParams.get("page") ?? 1);
        const last = Math.max(1, Math.ceil(items.length / perPage));
        if (page < last) {
          const next = new URL(url.toString().replace("http://x", this.url));
          next.searchParams.set("page", String(page + 1));
          res.setHeader("link", `<${next.toString()}>; rel="next"`);
        }
        return items.slice((page - 1) * perPage, page * perPage);
      };
      if ((m = path.match(/^\/environments\/([^/]+)\/secrets$/)) && req.method === "GET") {
        const env = decodeURIComponent(m[1]);
        const secrets = this.environmentSecrets
          .filter((x) => x.environment === env)
          .map((x) => ({ name: x.name, created_at: "2026-01-01T00:00:00Z", updated_at: "2026-01-01T00:00:00Z" }));
        return send(200, { total_count: secrets.length, secrets: pageOf(secrets) });
      }
      if ((m = path.match(/^\/environments\/([^/]+)\/variables$/)) && req.method === "GET") {
        const variables = [...(this.environmentVariables.get(decodeURIComponent(m[1])) ?? new Map())].map(
          ([name, value]) => ({ name, value, created_at: "2026-01-01T00:00:00Z", updated_at: "2026-01-01T00:00:00Z" }),
        );
        return send(200, { total_count: variables.length, variables: pageOf(variables) });
      }
      if (url.pathname === "/user" && req.method === "GET") {
        return this.tokenUser
          ? send(200, { login: this.tokenUser })
          : send(403, { message: "Resource not accessible by integration" });
      }
      if ((m = path.match(/^\/pulls\/(\d+)$/)) && req.method === "GET") {
        const pr = this.pulls.get(Number(m[1]));
        if (!pr) return send(404, { message: "Not Found" });
        return send(200, {
          number: Number(m[1]),
          head: { sha: pr.headSha },
          labels: (pr.labels ?? []).map((name) => ({ name })),
        });
      }
      if ((m = path.match(/^\/issues\/(\d+)\/comments$/))) {
        const issue = Number(m[1]);
        if (req.method === "GET")
          return send(
            200,
            this.comments.filter((c) => c.issue === issue).map((c) => this.commentJson(c)),
          );
        if (req.method === "POST") {
          const c = { id: this.nextId++, issue, body: body.body, user: this.tokenUser ?? "github-actions[bot]" };
          this.comments.push(c);
          return send(201, this.commentJson(c));
        }
      }
      if ((m = path.match(/^\/issues\/comments\/(\d+)$/)) && req.method === "PATCH") {
        const c = this.comments.find((x) => x.id === Number(m![1]));
        if (!c) return send(404, { message: "Not Found" });
        if ((c.user ?? "github-actions[bot]") !== (this.tokenUser ?? "github-actions[bot]"))
          return send(403, { message: "You cannot edit another user's comment" });
        c.body = body.body;
        return send(200, this.commentJson(c));
      }
      if (path === "/issues" && req.method === "GET") {
        const state = url.searchParams.get("state") ?? "open";
        const labels = url.searchParams.get("labels")?.split(",").filter(Boolean) ?? [];
        return send(
          200,
          this.issues
            .filter((i) => state === "all" || i.state === state)
            .filter((i) => labels.every((l) => i.labels.includes(l)))
            .map((i) => ({ ...i, labels: i.labels.map((name) => ({ name })) })),
        );
      }
      if (path === "/issues" && req.method === "POST") {
        const issue: StandinIssue = {
          number: this.issues.length + 1,
          title: body.title,
          body: body.body ?? "",
          state: "open",
          labels: body.labels ?? [],
        };
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

  private commentJson(c: StandinComment) {
    return {
      id: c.id,
      body: c.body,
      user: { login: c.user ?? "github-actions[bot]" },
      html_url: `${this.url}/comments/${c.id}`,
    };
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
