/** The e2e report: one line per check, PASS or FAIL, plus deviations, skipped services and timings. */
import { writeFileSync } from "node:fs";

export interface Line {
  area: string;
  check: string;
  ok: boolean;
  detail: string;
  service?: string;
}

export class Report {
  readonly lines: Line[] = [];
  readonly notes: string[] = [];
  readonly timings: [string, number][] = [];

  add(area: string, check: string, ok: boolean, detail = "", service?: string): boolean {
    this.lines.push({ area, check, ok, detail, service });
    return ok;
  }

  time(label: string, ms: number): void {
    this.timings.push([label, ms]);
  }

  failedServices(): string[] {
    return [...new Set(this.lines.filter((l) => !l.ok && l.service).map((l) => l.service!))];
  }

  failures(area?: string): Line[] {
    return this.lines.filter((l) => !l.ok && (!area || l.area === area));
  }

  /** The failed checks of an area after the first `before` ones, as "check detail" lines (a test expects none). */
  failuresSince(area: string, before: number): string[] {
    return this.failures(area)
      .slice(before)
      .map((l) => `${l.check} ${l.detail}`);
  }

  render(logs: Map<string, string> = new Map()): string {
    const out = ["", "==== e2e report: the synthesized Docker stack on a real Docker Engine ===="];
    for (const l of this.lines) out.push(`${l.ok ? "PASS" : "FAIL"}  [${l.area}] ${l.check}${l.detail ? ` — ${l.detail}` : ""}`);
    const failed = this.lines.filter((l) => !l.ok).length;
    out.push("", `checks: ${this.lines.length}, passed: ${this.lines.length - failed}, failed: ${failed}`);
    if (this.notes.length)
      out.push("", "notes (differences from the synthesized JSON, services not run):", ...this.notes.map((n) => `  - ${n}`));
    if (this.timings.length) out.push("", "timings:", ...this.timings.map(([k, ms]) => `  ${k}: ${(ms / 1000).toFixed(1)} s`));
    for (const [service, text] of logs) out.push("", `---- logs of ${service} (failing) ----`, text.trimEnd());
    return out.join("\n") + "\n";
  }

  write(path: string, logs?: Map<string, string>): string {
    const text = this.render(logs);
    writeFileSync(path, text);
    return text;
  }
}
