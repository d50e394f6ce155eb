/**
 * Entry point of `npm run synth` and of `cdktf synth|diff|deploy` (see cdktf.json).
 * Load and validate config once, build the stacks, synthesize atomically, report policy findings.
 * Exit codes: 0 ok; 1 policy errors or a synthesis failure; 2 invalid configuration.
 */
import { resolve } from "node:path";
import { ConfigError, loadConfig } from "./config";
import type { InfraConfig } from "./config/schema";
import { formatText, hasErrors } from "./policies/engine";
import { buildApp } from "./stacks/app";
import { synthesizeAtomically } from "./stacks/synth";

export function main(argv: readonly string[], env: NodeJS.ProcessEnv): number {
  const unknown = unknownArguments(argv);
  if (unknown.length) {
    process.stderr.write(`unknown argument(s): ${unknown.join(" ")}\nusage: npm run synth [-- --config FILE]   (or INFRA_CONFIG=FILE)\n`);
    return 2;
  }
  let config: InfraConfig;
  try {
    config = loadConfig({ argv, env });
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const outdir = resolve(env.CDKTF_OUTDIR ?? "cdktf.out");
  let policy: ReturnType<typeof buildApp>["policy"] | undefined;
  try {
    synthesizeAtomically(outdir, (tmp) => {
      const built = buildApp(config, tmp);
      policy = built.policy;
      built.app.synth();
    });
  } catch (e) {
    const findings = [...(policy?.findings.values() ?? [])].flat();
    if (hasErrors(findings)) {
      process.stderr.write(`${formatText(findings)}\n\nsynth failed: error-level policy findings; ${outdir} was left unchanged.\n`);
    } else {
      process.stderr.write(`synth failed: ${(e as Error).message}\n${outdir} was left unchanged.\n`);
    }
    return 1;
  }
  for (const [stack, findings] of policy!.findings) {
    process.stdout.write(
      `${stack}: ${resolve(outdir, "stacks", stack, "cdk.tf.json")} (${config.environment}); policy: ${findings.length} finding(s)\n`,
    );
    if (findings.length) process.stdout.write(`${formatText(findings)}\n`);
  }
  return 0;
}

/** Anything but --config FILE / --config=FILE is a mistake (a misspelt flag must not silently synthesize dev). */
function unknownArguments(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--config") i++;
    else if (!argv[i].startsWith("--config=")) out.push(argv[i]);
  }
  return out;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2), process.env);
