/** An error caused by the caller's input (unknown stage, bad flag, unreadable file): printed without a stack trace, exit 1. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
