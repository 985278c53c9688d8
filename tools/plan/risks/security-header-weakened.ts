/**
 * security-header-weakened: A security response header (HSTS, CSP, X-Frame-Options, ...) is no longer set, HSTS is
 * shortened or narrowed, or the CSP is loosened.
 */
import { list, obj, type Attributes, type RiskRule } from "./types";

const SECURITY_HEADERS = [
  "strict-transport-security",
  "content-security-policy",
  "x-frame-options",
  "x-content-type-options",
  "referrer-policy",
  "permissions-policy",
];

function headerMap(ruleset: Attributes | null): Map<string, Attributes> {
  const headers = new Map<string, Attributes>();
  for (const rule of list(ruleset?.rules)) {
    if (rule.enabled === false) continue;
    for (const [name, spec] of Object.entries(obj(obj(rule.action_parameters)?.headers) ?? {}))
      headers.set(name.toLowerCase(), obj(spec) ?? {});
  }
  return headers;
}

const maxAge = (v: unknown) => Number(/max-age=(\d+)/.exec(String(v))?.[1] ?? 0);

export const securityHeaderWeakened: RiskRule = {
  id: "security-header-weakened",
  types: ["cloudflare_ruleset"],
  check: ({ before, after }) => {
    if (before?.phase !== "http_response_headers_transform") return [];
    const b = headerMap(before),
      a = headerMap(after);
    const notes: string[] = [];
    for (const name of SECURITY_HEADERS) {
      const was = b.get(name),
        now = a.get(name);
      if (was?.operation !== "set") continue;
      if (!now || now.operation !== "set") {
        notes.push(`security header ${name} is no longer set`);
        continue;
      }
      if (name === "strict-transport-security") {
        if (maxAge(now.value) < maxAge(was.value))
          notes.push(`HSTS max-age lowered from ${maxAge(was.value)} to ${maxAge(now.value)}`);
        if (/includeSubDomains/i.test(String(was.value)) && !/includeSubDomains/i.test(String(now.value)))
          notes.push("HSTS no longer covers subdomains");
      }
      if (name === "content-security-policy") {
        const loosened = ["'unsafe-inline'", "'unsafe-eval'", " *", "data:"].filter(
          (t) => String(now.value).includes(t) && !String(was.value).includes(t),
        );
        if (loosened.length)
          notes.push(`Content-Security-Policy now allows ${loosened.map((t) => t.trim()).join(", ")}`);
      }
    }
    return notes;
  },
};
