/**
 * How long a plan review may be: GitHub's limit for a comment body and the default the markdown is fitted to (a
 * little under it, leaving room for the marker, footer and review record). A module of its own so the CLI can show
 * the default without loading the renderer.
 */

/** GitHub's limit for a comment body, in characters. */
export const COMMENT_LIMIT = 65_536;

/** The default `--max-chars` of plan review. */
export const DEFAULT_MAX_CHARS = 65_000;
