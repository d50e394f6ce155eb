/**
 * The Docker daemon's daemon.json for a Swarm host (C-04, C-14, CIS-D 2.x), following the seed guide with one
 * deliberate change: `live-restore` is false. dockerd refuses `docker swarm init` with live-restore on
 * ("--live-restore daemon configuration is incompatible with swarm mode", observed on Docker 20.10.24 here).
 */

export interface DaemonJsonOptions {
  /** Rotate container logs at this size. Default "10m". */
  readonly logMaxSize?: string;
  /** Keep this many rotated files. Default 3. */
  readonly logMaxFile?: number;
}

export type DaemonJson = Readonly<Record<string, unknown>>;

export function renderDaemonJson(opts: DaemonJsonOptions = {}): DaemonJson {
  return {
    // C-04 / CIS-D 2.14 (daemon) and 5.26: Swarm services cannot set no-new-privileges themselves in provider 3.6.2.
    "no-new-privileges": true,
    // CIS-D 2.2: no inter-container traffic on the default bridge (services use overlay networks only).
    icc: false,
    // CIS-D 2.16 / guide: publish ports through iptables, not the userland proxy.
    "userland-proxy": false,
    // Incompatible with Swarm mode (see above); the guide's `true` would stop `docker swarm init`.
    "live-restore": false,
    // C-14 / CIS-D 2.13: bounded logs for anything not started by the stack (services set their own driver).
    "log-driver": "local",
    "log-opts": { "max-size": opts.logMaxSize ?? "10m", "max-file": String(opts.logMaxFile ?? 3) },
    experimental: false,
    debug: false,
  };
}

/** daemon.json as written to disk: stable key order, two-space indent, trailing newline. */
export function daemonJsonText(opts: DaemonJsonOptions = {}): string {
  return JSON.stringify(renderDaemonJson(opts), null, 2) + "\n";
}
