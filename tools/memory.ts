/**
 * A full garbage collection, now: for a command that has just dropped most of what it holds and is about to build
 * something large (plan review of a large plan, tools/plan-review.ts). The collector is reached the way a running
 * process can (`--expose-gc` set, then `gc` taken from a new context); where that is unavailable nothing happens.
 *
 * The flag is unset again at once: V8's code cache records the flags it was made under, and the `infra` bin writes
 * its cache at exit (tools/bin/compiled-cli.js). A cache made with `--expose-gc` set was rejected by every later
 * run, so each review of a large plan compiled the whole CLI again.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

export function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  try {
    const gc: unknown = runInNewContext("gc");
    if (typeof gc === "function") (gc as () => void)();
  } finally {
    setFlagsFromString("--no-expose-gc");
  }
}
