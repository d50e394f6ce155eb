/**
 * The scanner job's entry script (pure; no cdktf). Swarm has no cron and provider 3.6.2 has no job mode, so the
 * service runs this loop: once a minute it compares the clock with the five-field schedule and, on a match,
 * scans every deployed image from its registry (`--image-src remote`: no Docker socket, C-16) as the service's
 * non-root user, with explicit cache dirs and HOME on writable mounts (B09). Results: JSON and SARIF per image and
 * tool on the results volume, and `container_vulnerability_count{image,severity,scanner}` plus
 * `scanner_last_success_timestamp_seconds` pushed to the Pushgateway, where Prometheus collects them.
 * Schedules are numeric five-field cron (config validation refuses names, ?, L, W and #); as in cron, when both
 * day-of-month and day-of-week are restricted, either may match. With SCAN_ONCE=1 it scans once and exits.
 */

export function renderScannerScript(): string {
  return `#!/bin/sh
# Rendered by secure-agents-infra (constructs/render/scanner.ts).
set -eu
: "\${SCAN_SCHEDULE:?}" "\${SCAN_IMAGES:?}" "\${SCAN_TOOLS:?}" "\${SCAN_RESULTS_DIR:?}" "\${TRIVY_CACHE_DIR:?}" "\${PUSHGATEWAY_URL:?}" "\${TMPDIR:?}"
mkdir -p "$TRIVY_CACHE_DIR" "$SCAN_RESULTS_DIR"

# field_matches FIELD VALUE MIN: does one cron field (lists, ranges, steps, *) match VALUE?
field_matches() {
  awk -v f="$1" -v v="$2" -v min="$3" 'BEGIN {
    n = split(f, parts, ",")
    for (i = 1; i <= n; i++) {
      p = parts[i]; step = 1
      if (index(p, "/")) { split(p, s, "/"); p = s[1]; step = s[2] + 0 }
      if (p == "*") { lo = min; hi = 99 }
      else if (index(p, "-")) { split(p, r, "-"); lo = r[1] + 0; hi = r[2] + 0 }
      else { lo = p + 0; hi = (step > 1) ? 99 : lo }
      if (v + 0 >= lo && v + 0 <= hi && (v - lo) % step == 0) exit 0
    }
    exit 1 }'
}

due() {
  set -f
  set -- $SCAN_SCHEDULE $(date -u '+%M %H %d %m %w')
  set +f
  field_matches "$1" "$6" 0 && field_matches "$2" "$7" 0 && field_matches "$4" "$9" 1 || return 1
  dow_ok=1
  { field_matches "$5" "\${10}" 0 || { [ "\${10}" = 0 ] && field_matches "$5" 7 0; }; } && dow_ok=0
  dom_ok=1
  field_matches "$3" "$8" 1 && dom_ok=0
  # cron: when both day fields are restricted, either may match; otherwise both must.
  if [ "$3" != "*" ] && [ "$5" != "*" ]; then [ $dom_ok = 0 ] || [ $dow_ok = 0 ]; else [ $dom_ok = 0 ] && [ $dow_ok = 0 ]; fi
}

# count_severity FILE PATTERN: number of findings whose severity field matches PATTERN.
count_severity() { grep -o "$2" "$1" 2>/dev/null | wc -l | tr -d ' '; }

push() { # push GROUP_PATH FILE
  wget -q -O /dev/null --post-file="$2" "$PUSHGATEWAY_URL/metrics/job/scanner$1" || { echo "push to $PUSHGATEWAY_URL failed" >&2; return 1; }
}

scan_all() {
  ok=0
  for image in $SCAN_IMAGES; do
    out="$SCAN_RESULTS_DIR/$(echo "$image" | tr '/:@' '___')"
    key=$(printf %s "$image" | base64 | tr -d '\\n=' | tr '+/' '-_')
    metrics="$TMPDIR/metrics.prom"
    echo "# TYPE container_vulnerability_count gauge" > "$metrics"
    for tool in $SCAN_TOOLS; do
      case "$tool" in
        trivy)
          trivy image --quiet --scanners vuln --image-src remote --cache-dir "$TRIVY_CACHE_DIR" --format json --output "$out.trivy.json" "$image" || { echo "trivy failed: $image" >&2; ok=1; continue; }
          trivy convert --format sarif --output "$out.trivy.sarif" "$out.trivy.json" || true
          for sev in CRITICAL HIGH MEDIUM LOW UNKNOWN; do
            n=$(count_severity "$out.trivy.json" "\\"Severity\\": *\\"$sev\\"")
            echo "container_vulnerability_count{image=\\"$image\\",severity=\\"$(echo $sev | tr 'A-Z' 'a-z')\\",scanner=\\"trivy\\"} $n" >> "$metrics"
          done ;;
        grype)
          grype "registry:$image" --output json --file "$out.grype.json" || { echo "grype failed: $image" >&2; ok=1; continue; }
          grype "registry:$image" --output sarif --file "$out.grype.sarif" || true
          for sev in Critical High Medium Low Negligible Unknown; do
            n=$(count_severity "$out.grype.json" "\\"severity\\": *\\"$sev\\"")
            echo "container_vulnerability_count{image=\\"$image\\",severity=\\"$(echo $sev | tr 'A-Z' 'a-z')\\",scanner=\\"grype\\"} $n" >> "$metrics"
          done ;;
        *) echo "unknown scanner $tool" >&2; ok=1 ;;
      esac
    done
    push "/image@base64/$key" "$metrics" || ok=1
  done
  if [ "$ok" = 0 ]; then
    printf '# TYPE scanner_last_success_timestamp_seconds gauge\\nscanner_last_success_timestamp_seconds %s\\n' "$(date -u +%s)" > "$TMPDIR/last.prom"
    push "" "$TMPDIR/last.prom"
  fi
  date -u +%s > "$SCAN_RESULTS_DIR/last-run"
}

# SCAN_ONCE=1: one scan now, exit status = its result (the AWS target's scheduled task; the schedule is the scheduler's).
if [ "\${SCAN_ONCE:-0}" = 1 ]; then scan_all; exit "$ok"; fi

# As PID 1 the shell gets no default SIGTERM action: without this trap every stop or update waits the whole grace
# period and ends in SIGKILL. The sleep runs in the background so the trap fires at once, not after the sleep.
trap 'exit 0' TERM INT
while true; do
  if due; then scan_all; fi
  sleep $((60 - $(date +%S | sed 's/^0//'))) &
  wait $!
done
`;
}
