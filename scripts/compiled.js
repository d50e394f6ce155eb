#!/usr/bin/env node
/**
 * Runs a compiled entry point from dist/ (fast start: no TypeScript at run time), rebuilding dist/ first when any
 * source is newer, so a developer never runs stale code. Usage: node scripts/compiled.js policies/cli [args…]
 */
"use strict";
const { execFileSync } = require("node:child_process");
const { existsSync, readdirSync, statSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
const entry = process.argv[2];
const target = join(root, "dist", `${entry}.js`);

function newestSource() {
  let newest = 0;
  const walk = (p) => {
    const s = statSync(p);
    if (s.isDirectory()) for (const e of readdirSync(p)) walk(join(p, e));
    else if (p.endsWith(".ts")) newest = Math.max(newest, s.mtimeMs);
  };
  for (const d of ["config", "constructs", "policies", "stacks", "main.ts"]) if (existsSync(join(root, d))) walk(join(root, d));
  return newest;
}

if (!existsSync(target) || statSync(target).mtimeMs < newestSource()) {
  process.stderr.write("building dist/ (sources changed)…\n");
  execFileSync(join(root, "node_modules", ".bin", "tsc"), ["-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });
}
require(target).cliMain(process.argv.slice(3));
