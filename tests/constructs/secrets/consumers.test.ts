/**
 * The consumer table every reader of a secret derives from: which stage roles read a value for each consumer
 * (Vercel: deploy and plan, for ephemeral reads while planning and applying; GitHub and Cloudflare: deploy, for the
 * sync commands; Fly: the Fly role, at run time), and the tag names the sync commands write on a secret, which
 * StageSecrets tells Terraform to leave alone and the health check reads the webhook id from.
 */
import { CONSUMER_ACCESS, readersOf, SYNC_TAGS } from "../../../constructs/secrets/consumers";

describe("CONSUMER_ACCESS", () => {
  test("names the roles that read each consumer's values and how the value reaches it", () => {
    expect(
      Object.fromEntries(Object.entries(CONSUMER_ACCESS).map(([consumer, a]) => [consumer, [a.readers, a.delivery]])),
    ).toEqual({
      vercel: [["deploy", "plan"], "ephemeral"],
      github: [["deploy"], "sync-github"],
      cloudflare: [["deploy"], "sync-cloudflare"],
      fly: [["fly"], "run-time"],
    });
  });
});

describe("readersOf", () => {
  test("gives the roles of every consumer once, in the order deploy, plan, fly", () => {
    expect(readersOf(["fly", "vercel"])).toEqual(["deploy", "plan", "fly"]);
    expect(readersOf(["github", "cloudflare"])).toEqual(["deploy"]);
  });

  test("gives the Fly role alone for a secret only the machines read", () => {
    expect(readersOf(["fly"])).toEqual(["fly"]);
  });

  test("gives no role for a secret nobody consumes", () => {
    expect(readersOf([])).toEqual([]);
  });
});

describe("SYNC_TAGS", () => {
  test("are the tag names the sync commands write", () => {
    expect(SYNC_TAGS).toEqual({
      github: "synced-github",
      cloudflare: "synced-cloudflare",
      cloudflareWebhookId: "cloudflare-webhook-id",
    });
  });
});
