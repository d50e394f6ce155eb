/**
 * The scanner job's entry script (pure; no cdktf). Swarm has no cron and provider 3.6.2 has no job mode, so the
 * service runs this loop: once a minute it compares the clock with the five-field schedule and, on a match,
 * scans every deployed image from its registry (`--image-src remote`: no Docker socket, C-16) as the service's
 * non-root user, with explicit cache dirs and HOME on writable mounts (B09). Results: JSON and SARIF per image.
 * Schedules are numeric five-field cron (config validation refuses names, ?, L, W and #); as in cron, when both
 * day-of-month and day-of-week are restricted, either may match.
 */

export function renderScannerScript(): string {
  return `#!/bin/sh
# Rendered by secure-agents-infra (constructs/render/scanner.ts).
set -eu
: "\${SCAN_SCHEDULE:?}" "\${SCAN_IMAGES:?}" "\${SCAN_RESULTS_DIR:?}" "\${TRIVY_CACHE_DIR:?}"
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

scan_all() {
  for image in $SCAN_IMAGES; do
    out="$SCAN_RESULTS_DIR/$(echo "$image" | tr '/:@' '___')"
    trivy image --quiet --image-src remote --cache-dir "$TRIVY_CACHE_DIR" --format json --output "$out.json" "$image" ||
      echo "scan failed: $image" >&2
    trivy convert --format sarif --output "$out.sarif" "$out.json" 2>/dev/null || true
  done
  date -u +%s > "$SCAN_RESULTS_DIR/last-run"
}

while true; do
  if due; then scan_all; fi
  sleep $((60 - $(date +%S | sed 's/^0//')))
done
`;
}
