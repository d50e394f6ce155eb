/**
 * HostArtifact: a file written next to the synthesized stack (cdktf.out/stacks/<stack>/<fileName>), for host
 * settings Terraform cannot apply through the Docker API, such as /etc/docker/daemon.json.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
// Not re-exported from the package root in cdktf 0.21; the only deep cdktf import of this project.
import { addCustomSynthesis } from "cdktf/lib/synthesize/synthesizer";

export interface HostArtifactProps {
  /** File name inside the stack's output folder. */
  readonly fileName: string;
  readonly content: string;
}

export class HostArtifact extends Construct {
  constructor(scope: Construct, id: string, props: HostArtifactProps) {
    super(scope, id);
    if (!/^[A-Za-z0-9_.-]+$/.test(props.fileName)) throw new Error(`HostArtifact: invalid file name "${props.fileName}"`);
    const stack = TerraformStack.of(this);
    addCustomSynthesis(this, {
      onSynthesize: (session) => {
        const dir = join(session.outdir, session.manifest.forStack(stack).workingDirectory);
        writeFileSync(join(dir, props.fileName), props.content, { mode: 0o644 });
      },
    });
  }
}
