/**
 * `npm run -s images -- <cdktf.out | cdk.tf.json>`: the image references the synthesized stacks deploy (Docker
 * services and ECS containers whose image is a literal), as a sorted JSON list, for the nightly image scan. Only
 * digest-pinned references are listed: they name exactly what runs, and local tags (the dev config's) cannot be pulled.
 * Exit 2 with the message (like `npm run check`) for a missing, empty or non-Terraform input.
 */
import { InputError, inputFiles, readTerraformJson } from "../policies/cli";
import { containers } from "../policies/review/probes";
import { containerSpec, resources } from "../policies/tf";

/** The digest-pinned image references of the stacks under `path`. */
export function listImages(path: string): string[] {
  const images = new Set<string>();
  for (const file of inputFiles(path)) {
    const doc = readTerraformJson(file);
    for (const s of resources(doc, "docker_service")) images.add(String(containerSpec(s).image ?? ""));
    for (const t of resources(doc, "aws_ecs_task_definition"))
      for (const c of containers(t)) images.add(String((c as { image?: string }).image ?? ""));
  }
  // References resolved only at apply time (an ECR repository URL) cannot be pulled from here.
  return [...images].filter((i) => /@sha256:[0-9a-f]{64}$/.test(i) && !i.includes("${")).sort();
}

if (require.main === module) {
  try {
    console.log(JSON.stringify(listImages(process.argv[2] ?? "cdktf.out")));
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    process.stderr.write(`${e.message}\n`);
    process.exitCode = 2;
  }
}
