#!/usr/bin/env bash
# The e2e tier's Docker Engine and images (run as root). Used by .ci/run and by hand:
#
#   scripts/e2e-engine.sh start    install docker.io + debootstrap if missing, start dockerd with the RENDERED
#                                  cdktf.out/stacks/docker/daemon.json, `docker swarm init` on 127.0.0.1
#   scripts/e2e-engine.sh images   build the base image (debootstrap minbase bookworm + updates + security, cached)
#                                  and the per-service images from __tests__/e2e/images/
#   scripts/e2e-engine.sh stop     leave the swarm, stop the dockerd this script started, remove its state
#   scripts/e2e-engine.sh run      (npm run test:e2e) synth with __tests__/e2e/e2e.config.json, start, images, the
#                                  jest e2e tier, stop (also on failure); prints the timings. Without root or a way to
#                                  install Docker it skips with a message, and fails when CI is set.
#
# The engine runs with its own data root and socket (E2E_DOCKER_ROOT, default /var/lib/secagents-e2e/docker) so a
# developer's own Docker is never touched. Everything talks to it through DOCKER_HOST=unix://$E2E_DOCKER_ROOT/docker.sock.
set -euo pipefail
cd "$(dirname "$0")/.."

ROOT=${E2E_DOCKER_ROOT:-/var/lib/secagents-e2e}
# The host's firewall and forwarding state before this script's dockerd changed them (restored by `stop`).
HOST_STATE=${E2E_HOST_STATE:-/var/lib/secagents-e2e-host}
SOCK="$ROOT/docker.sock"
PIDFILE="$ROOT/dockerd.pid"
CACHE=${E2E_CACHE_DIR:-/var/cache/secagents-e2e}
DAEMON_JSON=${E2E_DAEMON_JSON:-cdktf.out/stacks/docker/daemon.json}
# Debian's client (docker.io); /usr/local/bin may hold an unrelated client.
DOCKER=${E2E_DOCKER_CLI:-/usr/bin/docker}
export DOCKER_HOST="unix://$SOCK"

# Everything the service images need, in one rootfs (one download, one layer shared by every image).
BASE_PKGS="nginx-light postgresql-15 redis-server redis-tools prometheus prometheus-alertmanager prometheus-pushgateway
prometheus-blackbox-exporter python3 openssl ca-certificates busybox curl wget procps"
SUITE=bookworm
MIRROR=${E2E_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${E2E_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}

log() { printf '[e2e-engine %ss] %s\n' "$SECONDS" "$*" >&2; }

ensure_packages() {
  local missing=()
  for p in docker.io debootstrap iproute2; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    [ -e /usr/sbin/policy-rc.d ] || { printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; }
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

start() {
  ensure_packages
  test -s "$DAEMON_JSON" || { echo "no $DAEMON_JSON: run 'npm run synth' first" >&2; exit 2; }
  mkdir -p "$ROOT"
  if [ -S "$SOCK" ] && $DOCKER info >/dev/null 2>&1; then
    log "dockerd already running on $SOCK"
  else
    # dockerd rewrites iptables (FORWARD policy, DOCKER chains, overlay rules) and turns on forwarding: remember the
    # state before, unless another dockerd owns the host's Docker rules already.
    if ! other_dockerd && [ ! -s "$HOST_STATE/iptables" ]; then
      mkdir -p "$HOST_STATE"
      iptables-save >"$HOST_STATE/iptables.tmp" && mv "$HOST_STATE/iptables.tmp" "$HOST_STATE/iptables"
      sysctl -n net.ipv4.ip_forward >"$HOST_STATE/ip_forward"
    fi
    # The rendered daemon.json, unchanged, is the daemon's config file: a key dockerd refuses stops the run here.
    log "starting dockerd with $DAEMON_JSON"
    dockerd --config-file "$DAEMON_JSON" --host "unix://$SOCK" --data-root "$ROOT/data" --exec-root "$ROOT/exec" \
      --pidfile "$PIDFILE" >"$ROOT/dockerd.log" 2>&1 &
    for _ in $(seq 1 60); do
      $DOCKER info >/dev/null 2>&1 && break
      kill -0 $! 2>/dev/null || { cat "$ROOT/dockerd.log" >&2; echo "dockerd exited (log above)" >&2; exit 1; }
      sleep 0.5
    done
    $DOCKER info >/dev/null 2>&1 || { tail -50 "$ROOT/dockerd.log" >&2; exit 1; }
  fi
  if [ "$($DOCKER info --format '{{.Swarm.LocalNodeState}}')" != active ]; then
    log "docker swarm init --advertise-addr 127.0.0.1"
    $DOCKER swarm init --advertise-addr 127.0.0.1 >/dev/null
  fi
  log "engine $($DOCKER version --format '{{.Server.Version}}') ready, swarm active"
}

# Another dockerd than the one this script started (the developer's own Docker)?
other_dockerd() {
  local mine=""
  [ -s "$PIDFILE" ] && mine=$(cat "$PIDFILE")
  for p in $(pgrep -x dockerd || true); do [ "$p" != "$mine" ] && return 0; done
  return 1
}

# Puts back the host's iptables and forwarding as they were before `start`, and removes dockerd's bridges, unless
# another dockerd is running (its rules are then the host's rules).
restore_host() {
  [ -s "$HOST_STATE/iptables" ] || return 0
  if other_dockerd; then log "another dockerd runs: host firewall left as it is"; return 0; fi
  iptables-restore <"$HOST_STATE/iptables" && sysctl -qw "net.ipv4.ip_forward=$(cat "$HOST_STATE/ip_forward")" >/dev/null
  for l in docker_gwbridge docker0; do ip link del "$l" 2>/dev/null || true; done
  rm -rf "$HOST_STATE"
  log "host iptables, ip_forward and bridges restored"
}

stop() {
  if [ -S "$SOCK" ]; then
    $DOCKER swarm leave --force >/dev/null 2>&1 || true
  fi
  if [ -s "$PIDFILE" ]; then
    local pid
    pid=$(cat "$PIDFILE")
    if kill -0 "$pid" 2>/dev/null; then
      log "stopping dockerd ($pid)"
      kill "$pid"
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    fi
  fi
  # Leftover overlay/ipsec state lives in netns files under the exec root; unmount before removing.
  for m in $(awk -v r="$ROOT" 'index($2, r) == 1 { print $2 }' /proc/mounts | sort -r); do umount -l "$m" 2>/dev/null || true; done
  if [ "${E2E_KEEP_DATA:-0}" != 1 ]; then rm -rf "$ROOT"; fi
  restore_host
  log "engine stopped"
}

base_key() { printf '%s %s %s\n' "$SUITE" "$(echo $BASE_PKGS)" "v1" | sha256sum | cut -c1-16; }

build_base() {
  local key tag tarball root
  key=$(base_key)
  tag="secagents-e2e/base:$key"
  if $DOCKER image inspect "$tag" >/dev/null 2>&1; then log "base image $tag present"; echo "$tag"; return; fi
  mkdir -p "$CACHE"
  tarball="$CACHE/base-$key.tar.gz"
  if [ ! -s "$tarball" ]; then
    root=$(mktemp -d "$CACHE/rootfs.XXXX")
    trap 'umount "$root/proc" 2>/dev/null || true; rm -rf "$root"' RETURN
    log "debootstrap --variant=minbase $SUITE (then $SUITE-updates and $SUITE-security)"
    debootstrap --variant=minbase "$SUITE" "$root" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 ||
      { tail -30 "$CACHE/debootstrap.log" >&2; exit 1; }
    cat >"$root/etc/apt/sources.list" <<EOF
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
deb $SECURITY_MIRROR $SUITE-security main
EOF
    # No daemon starts inside the chroot.
    printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
    chmod +x "$root/usr/sbin/policy-rc.d"
    mount -t proc proc "$root/proc"
    log "apt-get install in the rootfs: $(echo $BASE_PKGS)"
    chroot "$root" sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get -y -qq upgrade &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(echo $BASE_PKGS)" \
      >"$CACHE/apt.log" 2>&1 || { tail -30 "$CACHE/apt.log" >&2; exit 1; }
    umount "$root/proc"
    chroot "$root" apt-get clean
    rm -rf "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root/usr/sbin/policy-rc.d"
    tar -C "$root" --numeric-owner -czf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
    log "cached $tarball ($(du -h "$tarball" | cut -f1))"
  fi
  log "docker import $tarball as $tag"
  $DOCKER import "$tarball" "$tag" >/dev/null
  echo "$tag"
}

images() {
  local base dir name
  base=$(build_base)
  for dir in __tests__/e2e/images/*/; do
    name=$(basename "$dir")
    [ "$name" = common ] && continue
    log "docker build secagents-e2e/$name:local"
    # Build context = the images folder, so every image can copy the shared stand-ins from common/.
    $DOCKER build -q --build-arg "BASE=$base" -f "$dir/Dockerfile" -t "secagents-e2e/$name:local" __tests__/e2e/images >/dev/null
  done
  log "images ready"
}

skip_or_fail() {
  if [ -n "${CI:-}" ]; then echo "e2e tier: $1 (CI is set: failing)" >&2; exit 1; fi
  printf '\nSKIPPED e2e tier: %s\n\n' "$1" >&2
  exit 0
}

run_tier() {
  local t0=$SECONDS t1 t2 t3 rc=0 started_here=0
  [ "$(id -u)" = 0 ] || skip_or_fail "needs root (dockerd, debootstrap, network namespaces)"
  if ! command -v dockerd >/dev/null || ! command -v debootstrap >/dev/null; then
    command -v apt-get >/dev/null || skip_or_fail "docker.io and debootstrap are not installed and apt-get is missing"
  fi
  log "synth with __tests__/e2e/e2e.config.json into cdktf.out.e2e/"
  CDKTF_OUTDIR=cdktf.out.e2e INFRA_CONFIG=__tests__/e2e/e2e.config.json npx tsx main.ts >/dev/null
  DAEMON_JSON=cdktf.out.e2e/stacks/docker/daemon.json
  [ -S "$SOCK" ] && $DOCKER info >/dev/null 2>&1 || started_here=1
  # Stop what this run started, also on failure or interrupt.
  if [ $started_here = 1 ]; then trap 'stop' EXIT; fi
  start
  t1=$SECONDS
  images
  t2=$SECONDS
  E2E_SYNTHESIZED=1 E2E_DOCKER_SOCKET="$SOCK" E2E_DOCKER_CLI="$DOCKER" npx jest -c jest.e2e.config.js --runInBand || rc=$?
  t3=$SECONDS
  printf '\ne2e tier timings: engine start %ss, image build %ss, bring-up + checks + teardown %ss, total %ss (report: cdktf.out.e2e/e2e-report.txt)\n' \
    $((t1 - t0)) $((t2 - t1)) $((t3 - t2)) $((t3 - t0))
  return $rc
}

case "${1:-}" in
  run) run_tier ;;
  start) start ;;
  stop) stop ;;
  images) images ;;
  base) build_base ;;
  *) echo "usage: $0 run|start|images|stop" >&2; exit 2 ;;
esac
