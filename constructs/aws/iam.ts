/**
 * IAM policy documents as typed data, rendered to the JSON strings the provider takes. References to other
 * resources stay `${…}` tokens inside the strings, so the policy pack reads exact ARNs from the synthesized JSON.
 */
import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { AwsContext } from "./context";

export interface Statement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: "*" | { readonly AWS?: string | string[]; readonly Service?: string | string[] };
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[] | boolean>>>>;
}

export function policyDocument(statements: readonly Statement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** Trust policy for one service principal, pinned to this account (I-04, confused-deputy guard). */
export function trustPolicy(ctx: AwsContext, service: string, sourceArn?: string): string {
  return policyDocument([
    {
      Effect: "Allow",
      Principal: { Service: service },
      Action: "sts:AssumeRole",
      Condition: {
        StringEquals: { "aws:SourceAccount": ctx.accountId },
        ...(sourceArn ? { ArnLike: { "aws:SourceArn": sourceArn } } : {}),
      },
    },
  ]);
}

export interface ScopedRoleProps {
  readonly name: string;
  readonly description: string;
  readonly service: string;
  readonly sourceArn?: string;
  /** Inline policy statements with exact resources (I-02). Empty: the role has no permissions. */
  readonly statements: readonly Statement[];
}

/** An IAM role for one service principal with one inline, least-privilege policy and no managed policies (I-03). */
export class ScopedRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, ctx: AwsContext, props: ScopedRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, "role", {
      name: props.name,
      description: props.description,
      assumeRolePolicy: trustPolicy(ctx, props.service, props.sourceArn),
      maxSessionDuration: 3600,
    });
    if (props.statements.length) {
      new IamRolePolicy(this, "policy", { name: `${props.name}-policy`, role: this.role.id, policy: policyDocument(props.statements) });
    }
  }
}
