/**
 * The scanner's shell scheduler agrees with cron-parser (a maintained cron implementation) on which minutes a
 * schedule fires, for every schedule form config validation accepts. Runs the real script functions under sh.
 */
import { execFileSync } from "node:child_process";
import { CronExpressionParser } from "cron-parser";
import { renderScannerScript } from "../../constructs/render/scanner";

const SCHEDULES = [
  "0 2 * * *",
  "*/15 * * * *",
  "5,35 8-18 * * 1-5",
  "0 0 1 * *",
  "30 6 * * 0",
  "30 6 * * 7",
  "0 12 1,15 * 3",
  "0 */6 * 2-11 *",
  "* * * * *",
];

function script(): string {
  const s = renderScannerScript();
  const fn = (name: string) => s.slice(s.indexOf(`${name}() {`), s.indexOf("\n}\n", s.indexOf(`${name}() {`)) + 3);
  return fn("field_matches") + fn("due");
}

test("the shell scheduler fires exactly when cron-parser says the schedule matches", () => {
  // Deterministic sample of minutes across a year (a simple LCG, no randomness in tests).
  const times: Date[] = [];
  let x = 12345;
  for (let i = 0; i < 60; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    times.push(new Date(Date.UTC(2026, 0, 1) + (x % (365 * 24 * 60)) * 60_000));
  }
  // Also the exact firing minutes of each schedule, so matches are sampled, not only misses.
  for (const s of SCHEDULES) {
    const it = CronExpressionParser.parse(s, { currentDate: new Date(Date.UTC(2026, 2, 1)), tz: "UTC" });
    for (let i = 0; i < 3; i++) times.push(it.next().toDate());
  }
  const lines: string[] = [];
  const expected: string[] = [];
  for (const s of SCHEDULES) {
    for (const t of times) {
      const fields = [t.getUTCMinutes(), t.getUTCHours(), t.getUTCDate(), t.getUTCMonth() + 1, t.getUTCDay()].map((n) =>
        String(n).padStart(2, "0"),
      );
      fields[4] = String(t.getUTCDay());
      lines.push(`${s}|${fields.join(" ")}`);
      const prev = new Date(t.getTime() - 60_000);
      const next = CronExpressionParser.parse(s, { currentDate: prev, tz: "UTC" }).next().toDate();
      expected.push(next.getTime() === t.getTime() ? "1" : "0");
    }
  }
  const harness = `${script()}
while IFS='|' read -r SCAN_SCHEDULE FAKE; do
  date() { echo "$FAKE"; }
  if due; then echo 1; else echo 0; fi
done`;
  const out = execFileSync("sh", ["-c", harness], { input: lines.join("\n") + "\n" })
    .toString()
    .trim()
    .split("\n");
  const mismatches = lines.flatMap((l, i) => (out[i] === expected[i] ? [] : [`${l} shell=${out[i]} cron=${expected[i]}`]));
  expect(mismatches).toEqual([]);
  expect(expected.filter((e) => e === "1").length).toBeGreaterThan(SCHEDULES.length * 3 - 1);
});

test("the scanner loop exits at once on SIGTERM (as PID 1 it has no default action; found by the e2e tier)", async () => {
  // The loop only, with a schedule that never fires: the process must end well before its one-minute sleep.
  const s = renderScannerScript();
  const loop = s.slice(s.indexOf("trap 'exit 0' TERM INT"));
  const { spawn } = await import("node:child_process");
  const p = spawn("sh", ["-c", `due() { return 1; }\n${loop}`], { stdio: "ignore" });
  await new Promise((r) => setTimeout(r, 300));
  const t0 = Date.now();
  const code = new Promise<number | null>((r) => p.on("exit", (c) => r(c)));
  p.kill("SIGTERM");
  expect(await code).toBe(0);
  expect(Date.now() - t0).toBeLessThan(2000);
});
