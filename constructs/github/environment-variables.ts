/**
 * The non-secret wiring a stage's deploy workflow reads from its GitHub deployment environment (role ARN, region,
 * Vercel and Fly identifiers). The environment itself, with its protection rules, belongs to the bootstrap stack
 * (DeploymentEnvironment): a stage deploy may set its variables but never loosen the gate in front of its own
 * role. Secret values are not here either: `infra secrets sync-github` delivers them, sealed, outside Terraform.
 * @see https://registry.terraform.io/providers/integrations/github/6.9.0/docs/resources/actions_environment_variable
 */
import { ActionsEnvironmentVariable } from "@cdktf/provider-github/lib/actions-environment-variable";
import { Construct } from "constructs";

export interface EnvironmentVariablesProps {
  /** Repository name (the provider's `owner` names the owner). */
  readonly repository: string;
  /** The deployment environment's name (the bootstrap stack creates the environment). */
  readonly environment: string;
  /** Variable name → value; values are never secrets (config validation and the guardrails see to that). */
  readonly variables: Readonly<Record<string, string>>;
}

export class EnvironmentVariables extends Construct {
  public readonly variables: Readonly<Record<string, ActionsEnvironmentVariable>>;

  constructor(scope: Construct, id: string, props: EnvironmentVariablesProps) {
    super(scope, id);
    this.variables = Object.fromEntries(
      Object.entries(props.variables).map(([name, value]) => [
        name,
        new ActionsEnvironmentVariable(this, `variable-${name}`, {
          repository: props.repository,
          environment: props.environment,
          variableName: name,
          value,
        }),
      ]),
    );
  }
}
