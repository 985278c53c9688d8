/**
 * Checks of single config values that need more than a regular expression, each through the library that owns the
 * rule: AWS regions from the AWS SDK's own partition data, branch names by git's check-ref-format rules
 * (is-git-ref-name-valid), CIDRs parsed by ipaddr.js. Each returns undefined when the value is fine, or the message
 * (what is wrong and the fix) that follows the shown value.
 */
import { partition } from "@aws-sdk/core/client";
import ipaddr from "ipaddr.js";

// The package ships no types.
const isValidRefName = require("is-git-ref-name-valid") as (name: string, onelevel?: boolean) => boolean;

/** Region names AWS uses (`eu-west-1`, `us-gov-west-1`, `cn-north-1`); partition pseudo-regions like aws-global are not. */
const REGION_SHAPE = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/;

export function awsRegionProblem(region: string): string | undefined {
  // The SDK's partition data names every region it knows with a description; a region it only pattern-matches has none.
  const known = REGION_SHAPE.test(region) && "description" in partition(region);
  return known ? undefined : "is not an AWS region (checked against the AWS SDK's region list); use one like eu-west-1";
}

export function branchNameProblem(branch: string): string | undefined {
  if (/[*?[]/.test(branch))
    return "is a pattern, not a branch; name one branch, like main (a glob here would let every matching branch deploy)";
  return isValidRefName(branch, true)
    ? undefined
    : "is not a valid branch name (git check-ref-format); name one branch, like main";
}

export function cidrProblem(cidr: string): string | undefined {
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    parsed = ipaddr.parseCIDR(cidr);
  } catch {
    return "is not a CIDR; write a network like 203.0.113.0/24 or 2001:db8::/32";
  }
  const [address, bits] = parsed;
  if (bits === 0) return "admits every address; list the networks that may reach the deployment";
  const network =
    address.kind() === "ipv4" ? ipaddr.IPv4.networkAddressFromCIDR(cidr) : ipaddr.IPv6.networkAddressFromCIDR(cidr);
  if (network.toString() !== address.toString())
    return `has host bits set; the network is ${network.toString()}/${bits}`;
  return undefined;
}

/** A path in the repository: relative, without `..` segments, forward slashes. */
export function repositoryPathProblem(path: string): string | undefined {
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path) || path.includes("\\"))
    return "is not a relative path with forward slashes; write it from the repository root, like apps/web";
  if (path.split("/").includes("..")) return "leaves the repository; write a path inside it, like apps/web";
  return undefined;
}

/** A container image pinned by digest, so every deploy runs the reviewed bytes. */
export function pinnedImageProblem(image: string): string | undefined {
  return /^[a-z0-9]+([._/:-][a-z0-9]+)*(:[\w][\w.-]{0,127})?@sha256:[0-9a-f]{64}$/.test(image)
    ? undefined
    : "is not pinned by digest; write registry/name@sha256:<64 hex> (a tag can be moved to other bytes)";
}

/** Environment variable names that only credentials have: such a variable belongs in the secrets catalogue. */
const CREDENTIAL_NAME = /(^|_)(SECRET|PASSWORD|PASSWD|PRIVATE_KEY|TOKEN|API_KEY|ACCESS_KEY|CREDENTIALS?|DSN)(_|$)/;

export function credentialNameProblem(name: string): string | undefined {
  return CREDENTIAL_NAME.test(name)
    ? "is the name of a credential, and plain env holds no credentials; add a catalogue secret with this envName instead"
    : undefined;
}
