/**
 * A stage config as dotted leaf paths, the vocabulary `infra parity` reports in and `differsOnPurpose` is keyed
 * by: objects by key (`fly.vm.memoryMb`), lists of named items by name (`secrets.database-url.rotationDays`,
 * `alerts.webhooks.incident-channel.url`), any other list as one value (`vercel.domains`).
 */

function isNamedList(value: unknown[]): value is { name: string }[] {
  return (
    value.length > 0 &&
    value.every(
      (item) => typeof item === "object" && item !== null && typeof (item as { name?: unknown }).name === "string",
    )
  );
}

/** Every leaf of `value` by dotted path, in a stable order. */
export function configLeaves(value: unknown, prefix = ""): Map<string, unknown> {
  const leaves = new Map<string, unknown>();
  const visit = (node: unknown, path: string): void => {
    if (Array.isArray(node) && isNamedList(node)) {
      for (const item of node) visit(item, path ? `${path}.${item.name}` : item.name);
    } else if (typeof node === "object" && node !== null && !Array.isArray(node) && Object.keys(node).length > 0) {
      for (const [key, child] of Object.entries(node)) visit(child, path ? `${path}.${key}` : key);
    } else {
      leaves.set(path, node);
    }
  };
  visit(value, prefix);
  return leaves;
}

/** True when `path` is a leaf of the config or a section above leaves (`fly.vm` covers `fly.vm.cpus`). */
export function coversPath(section: string, path: string): boolean {
  return path === section || path.startsWith(`${section}.`);
}
