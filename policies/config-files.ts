/** The text of docker_config resources (base64 literals in the JSON), for rules that check rendered service configs. */
import { ecsContainers } from "./aws";
import { resources } from "./tf";
import type { TfDocument } from "./types";

export interface ConfigText {
  readonly address: string;
  readonly text: string;
}

export function configTexts(doc: TfDocument): ConfigText[] {
  return resources(doc, "docker_config").flatMap((c) => {
    const data = c.body.data;
    if (typeof data !== "string" || data.includes("${")) return [];
    return [{ address: c.address, text: Buffer.from(data, "base64").toString("utf8") }];
  });
}

/** Values of a directive in nginx-style or key-value config text (`name value;` or `name = value` or `name value`). */
export function directive(text: string, name: string): string[] {
  const re = new RegExp(`^\\s*${name}(?:\\s*=\\s*|\\s+)([^;\\n]*);?\\s*$`, "gm");
  return [...text.matchAll(re)].map((m) => m[1].trim().replace(/^'(.*)'$/, "$1"));
}

/**
 * Config files an ECS container receives base64-encoded in its environment (`CONFIG_<NAME>_B64`, written under
 * /tmp/config at start by FargateService): the AWS target's counterpart of docker_config.
 */
export function taskConfigTexts(doc: TfDocument): ConfigText[] {
  return ecsContainers(doc).flatMap((c) =>
    Object.entries(c.env)
      .filter(([k, v]) => /^CONFIG_[A-Z0-9_]+_B64$/.test(k) && !v.includes("${"))
      .map(([, v]) => ({ address: c.address, text: Buffer.from(v, "base64").toString("utf8") })),
  );
}
