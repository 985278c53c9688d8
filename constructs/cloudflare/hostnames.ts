/** Cloudflare Rules-language helpers for the hostnames and paths the zone-wide rules match. */

/** `(http.host in {"a" "b"})`, the Rules language set syntax. */
export function hostIn(hosts: readonly string[]): string {
  return `(http.host in {${hosts.map((h) => JSON.stringify(h)).join(" ")}})`;
}

/** `(http.request.uri.path in {"/a" "/b"})`. */
export function pathIn(paths: readonly string[]): string {
  return `(http.request.uri.path in {${paths.map((p) => JSON.stringify(p)).join(" ")}})`;
}
