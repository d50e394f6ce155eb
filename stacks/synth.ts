/**
 * Atomic synthesis: synthesize into a temporary sibling folder and move it into place only on success, so a
 * config error or a policy failure leaves an existing cdktf.out/ exactly as it was.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** Terraform's working files inside a stack folder (providers, lock file): kept across synths. */
const KEEP = [".terraform", ".terraform.lock.hcl"];

export function synthesizeAtomically<T>(outdir: string, build: (tmpdir: string) => T): T {
  const parent = dirname(outdir);
  mkdirSync(parent, { recursive: true });
  const tmp = mkdtempSync(join(parent, `.${basename(outdir)}.tmp-`));
  let result: T;
  try {
    result = build(tmp);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  const oldStacks = join(outdir, "stacks");
  if (existsSync(oldStacks)) {
    for (const stack of readdirSync(oldStacks)) {
      const target = join(tmp, "stacks", stack);
      if (!existsSync(target)) continue;
      for (const keep of KEEP) {
        const from = join(oldStacks, stack, keep);
        if (existsSync(from)) renameSync(from, join(target, keep));
      }
    }
  }
  const old = existsSync(outdir) ? `${tmp}-old` : undefined;
  if (old) renameSync(outdir, old);
  renameSync(tmp, outdir);
  if (old) rmSync(old, { recursive: true, force: true });
  return result;
}
