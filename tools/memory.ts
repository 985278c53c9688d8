/**
 * A full garbage collection, now: for a command that has just dropped most of what it holds and is about to build
 * something large (plan review of a large plan, tools/plan-review.ts). The collector is reached the way a running
 * process can (`--expose-gc` set, then `gc` taken from a new context); where that is unavailable nothing happens.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

export function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  const gc: unknown = runInNewContext("gc");
  if (typeof gc === "function") (gc as () => void)();
}
