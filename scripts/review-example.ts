/**
 * The example review comment in docs/review-example.md: the default stacks as the base, and as the head the same
 * stacks with three changes a pull request could make (read-only root removed from `api`, the ALB TLS policy
 * downgraded to the API default, a capability added to `worker` with a suppression and its reason).
 * `npm run docs` rewrites it; a test checks it is current.
 */
import { Testing } from "cdktf";
import { parseConfig } from "../config/load";
import { stackDocument } from "../policies/aspect";
import { reviewDiff, type Stack } from "../policies/review/diff";
import { renderMarkdown } from "../policies/review/render";
import { asRecord } from "../policies/tf";
import type { TfDocument } from "../policies/types";
import { AwsStack } from "../stacks/aws-stack";
import { DockerStack } from "../stacks/docker-stack";

type Body = Record<string, unknown>;

/** The synthesized default stacks, with their "//" suppressions (no validation: the caller mutates them). */
export function defaultStacks(): Stack[] {
  const config = parseConfig({});
  return [
    { name: "docker", doc: stackDocument(new DockerStack(Testing.app(), "docker", config)) },
    { name: "aws", doc: stackDocument(new AwsStack(Testing.app(), "aws", config)) },
  ];
}

/** The resource body of a type whose name contains `part`, in a stack document (mutable). */
export function resourceOf(doc: TfDocument, type: string, part: string): Body {
  const byName = asRecord(asRecord(doc.resource)[type]);
  const name = Object.keys(byName).find((n) => n.includes(part));
  if (!name) throw new Error(`no ${type} named like ${part}`);
  return byName[name] as Body;
}

export function exampleHead(base: readonly Stack[]): Stack[] {
  const head = structuredClone(base) as Stack[];
  const [docker, aws] = head;
  const api = asRecord(asRecord(resourceOf(docker.doc, "docker_service", "_api_").task_spec).container_spec);
  api.read_only = false;
  const worker = resourceOf(docker.doc, "docker_service", "_worker_");
  asRecord(asRecord(worker.task_spec).container_spec).cap_add = ["NET_BIND_SERVICE"];
  worker["//"] = {
    ...asRecord(worker["//"]),
    suppressions: [{ rule: "DKR-003", reason: "the legacy agent binds port 80 inside the container until release 2.4" }],
  };
  resourceOf(aws.doc, "aws_lb_listener", "https").ssl_policy = "ELBSecurityPolicy-2016-08";
  return head;
}

export function renderExample(): string {
  const base = defaultStacks();
  return renderMarkdown({ diff: reviewDiff(base, exampleHead(base)) });
}
