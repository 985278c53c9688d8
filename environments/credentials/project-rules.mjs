/**
 * The project's own secretlint patterns (run by @secretlint/secretlint-rule-pattern beside the recommended
 * preset): credential shapes the preset does not report, found when the stage-config scan and plan review were
 * tried with them. Each pattern matches the credential itself (context only in lookbehinds), so what gets redacted
 * is the value and not the words around it. Names say what the shape is and appear in messages; values never do.
 */

/** Shapes that are credentials wherever they appear. */
export const ANYWHERE_PATTERNS = [
  {
    name: "a Discord webhook URL",
    patterns: [
      "/https:\\/\\/(?:ptb\\.|canary\\.)?discord(?:app)?\\.com\\/api\\/webhooks\\/\\d+\\/[A-Za-z0-9_-]{20,}/g",
    ],
  },
  {
    // The preset's basic-auth rule stops at the first `/` in the password; percent-encoding is optional in practice.
    name: "a URL with a password",
    patterns: ["/(?<=\\b[a-z][a-z0-9+.-]*:\\/\\/[^\\s:/@\"'`<>]+:)[^\\s@\"'`<>]+(?=@[^\\s@\"'`<>]+)/gi"],
  },
  {
    name: "a JSON Web Token",
    patterns: ["/\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*/g"],
  },
  {
    // The preset needs a 100-character body; a header alone in config or a plan is already one too many.
    name: "a private key",
    patterns: [
      "/-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\\s\\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|$)/g",
    ],
  },
  {
    // 40 characters of base64's alphabet with upper, lower and a digit, standing alone: the AWS secret access key shape.
    name: "an AWS secret access key",
    patterns: [
      "/(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]*[A-Z])(?=[A-Za-z0-9/+]*[a-z])(?=[A-Za-z0-9/+]*[0-9])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g",
    ],
  },
  { name: "a Stripe secret key", patterns: ["/\\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}\\b/g"] },
  // The preset knows the fine-grained token only at its exact length; the prefix alone is unambiguous.
  { name: "a GitHub fine-grained token", patterns: ["/\\bgithub_pat_[A-Za-z0-9_]{40,}/g"] },
  { name: "a Fly.io token", patterns: ["/\\b(?:fo1_[A-Za-z0-9_-]{20,}|FlyV1 [A-Za-z0-9+/=_,-]{20,})/g"] },
  { name: "a Google API key", patterns: ["/\\bAIza[0-9A-Za-z_-]{35}\\b/g"] },
];

/**
 * Shapes that are credentials only in free text (descriptions, env values, commands): ids of Cloudflare zones,
 * accounts and Vercel projects are long hex too, so these never run over identifiers or plan output.
 */
export const FREE_TEXT_PATTERNS = [
  { name: "a hex API key", patterns: ["/(?<![A-Za-z0-9])(?<!sha(?:1|256|384|512):)[0-9a-fA-F]{32,}(?![A-Za-z0-9])/g"] },
];
