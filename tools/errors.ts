/**
 * Every error the `infra` command can meet, as one line for the person at the terminal: what happened and what to
 * do. Errors a user can cause (bad input, a stage not deployed yet, missing credentials, an API refusing) never
 * print a stack trace; an unexpected error prints its message and says how to get the trace (INFRA_DEBUG=1).
 * Every line passes the credential scrubber: an error message may quote a token from the environment or a URL.
 */
import { redactCredentials } from "../environments/credentials/credential-scan";

interface AnyError {
  name?: string;
  message?: string;
  code?: string;
  status?: number;
  stack?: string;
  $metadata?: { httpStatusCode?: number };
  request?: { method?: string; url?: string };
  response?: { data?: { message?: string } };
}

/** Names of our own errors whose message is already the one line to print. */
const OWN = new Set([
  "UsageError",
  "PlanInputError",
  "StageConfigError",
  "StageConfigErrors",
  "EdgeConfigError",
  "TerraformError",
]);

function describe(error: AnyError): { line: string; expected: boolean } {
  const message = (typeof error.message === "string" ? error.message : JSON.stringify(error)).split("\n")[0] ?? "";
  const name = error.name ?? "";
  if (OWN.has(name)) return { line: String(error.message), expected: true };
  // AWS SDK v3
  if (name === "ResourceNotFoundException")
    return {
      line: `the secret does not exist in AWS Secrets Manager: deploy the stage first (\`cdktf deploy <stage>\`), then set its value (${message})`,
      expected: true,
    };
  if (name === "CredentialsProviderError" || /Could not load credentials/i.test(message)) {
    return {
      line: "no AWS credentials: set AWS_PROFILE, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run in a workflow with the stage's role (aws-actions/configure-aws-credentials)",
      expected: true,
    };
  }
  if (/AccessDenied|UnauthorizedOperation|NotAuthorized/.test(name) || error.$metadata?.httpStatusCode === 403) {
    return {
      line: `AWS denied the request (${name}): use the stage's role for this command; ${message}`,
      expected: true,
    };
  }
  if (name === "ExpiredTokenException" || name === "ExpiredToken")
    return {
      line: "the AWS credentials have expired: sign in again (aws sso login) or re-run the job",
      expected: true,
    };
  if (error.$metadata)
    return {
      line: `AWS answered ${name || "an error"} (HTTP ${error.$metadata.httpStatusCode ?? "?"}): ${message}`,
      expected: true,
    };
  // Octokit
  if (name === "HttpError" && typeof error.status === "number") {
    const where = error.request ? ` for ${error.request.method} ${String(error.request.url).replace(/\?.*/, "")}` : "";
    const hint =
      error.status === 401
        ? ": the token is missing, wrong or expired"
        : error.status === 403
          ? ': the token lacks a permission this needs (README, "Tokens")'
          : error.status === 404
            ? ": not found, or the token may not see it"
            : "";
    return { line: `GitHub answered ${error.status}${where}${hint}`, expected: true };
  }
  // Network and file system
  if (["ECONNREFUSED", "ENOTFOUND", "ETIMEDOUT", "ECONNRESET", "EAI_AGAIN"].includes(error.code ?? ""))
    return {
      line: `cannot reach the API (${error.code}): check the network and the endpoint variables`,
      expected: true,
    };
  if (["ENOENT", "EACCES", "EISDIR"].includes(error.code ?? "")) return { line: message, expected: true };
  if (error instanceof RangeError && /call stack/i.test(message))
    return {
      line: "the input nests too deeply to read (thousands of levels); it is not a Terraform plan",
      expected: true,
    };
  return { line: `unexpected error: ${message} (set INFRA_DEBUG=1 for the stack trace)`, expected: false };
}

/**
 * Control characters written visibly (`\n`): an error line that quotes input (a file name, a key) stays one line,
 * and cannot start a new line that a CI runner would read as a command (`::add-mask::`, `::set-output`). A stage
 * config error is several lines on purpose and comes from the project's own files.
 */
export function oneLine(line: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return line.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => JSON.stringify(c).slice(1, -1));
}

/** The line to print for an error (already scrubbed), and the stack trace when INFRA_DEBUG=1 asks for it. */
export function describeError(error: unknown, env: NodeJS.ProcessEnv = process.env): string {
  const e = (typeof error === "object" && error !== null ? error : { message: String(error) }) as AnyError;
  const described = describe(e).line;
  const line = e.name === "StageConfigErrors" || e.name === "StageConfigError" ? described : oneLine(described);
  const debug = env.INFRA_DEBUG === "1" && e.stack ? `\n${e.stack}` : "";
  return redactCredentials(`${line}${debug}`);
}
