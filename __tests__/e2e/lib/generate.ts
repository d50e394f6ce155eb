/**
 * What the `random` and `tls` providers would compute at apply time, made by the test itself: passwords with
 * node:crypto, ECDSA/RSA keys with node:crypto, certificate requests and certificates with the openssl CLI (node
 * cannot issue certificates). Unknown attributes are refused through Strict like everywhere in the applier.
 */
import { execFileSync } from "node:child_process";
import { generateKeyPairSync, randomInt } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Value } from "./expr";
import type { Strict } from "./strict";

export type Attrs = Record<string, Value>;

const LOWER = "abcdefghijklmnopqrstuvwxyz";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS = "0123456789";
const SPECIAL_DEFAULT = "!@#$%&*()-_=+[]{}<>:?";

export function randomPassword(s: Strict): Attrs {
  const length = s.num("length");
  const special = s.bool("special") ?? true;
  const lower = s.bool("lower") ?? true;
  const upper = s.bool("upper") ?? true;
  const numeric = s.bool("numeric") ?? true;
  const specials = s.str("override_special", true) ?? SPECIAL_DEFAULT;
  const mins: [number, string][] = [
    [s.num("min_lower", true) ?? 0, LOWER],
    [s.num("min_upper", true) ?? 0, UPPER],
    [s.num("min_numeric", true) ?? 0, DIGITS],
    [s.num("min_special", true) ?? 0, specials],
  ];
  // keepers only decide when Terraform replaces the value; a fresh apply always makes a new one.
  s.ignore("keepers");
  const pool = (lower ? LOWER : "") + (upper ? UPPER : "") + (numeric ? DIGITS : "") + (special ? specials : "");
  const chars: string[] = [];
  for (const [n, set] of mins) for (let i = 0; i < n; i++) chars.push(set[randomInt(set.length)]);
  while (chars.length < length) chars.push(pool[randomInt(pool.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  const result = chars.join("");
  return { result, id: "none" };
}

export function privateKey(s: Strict): Attrs {
  const algorithm = s.str("algorithm");
  if (algorithm === "ECDSA") {
    const curve = { P224: "P-224", P256: "P-256", P384: "P-384", P521: "P-521" }[s.str("ecdsa_curve", true) ?? "P224"];
    if (!curve) throw new Error(`${s.path}.ecdsa_curve: unsupported`);
    const { privateKey: k, publicKey } = generateKeyPairSync("ec", { namedCurve: curve });
    return {
      private_key_pem: k.export({ format: "pem", type: "sec1" }).toString(),
      public_key_pem: publicKey.export({ format: "pem", type: "spki" }).toString(),
    };
  }
  if (algorithm === "RSA") {
    const { privateKey: k, publicKey } = generateKeyPairSync("rsa", { modulusLength: s.num("rsa_bits", true) ?? 2048 });
    return {
      private_key_pem: k.export({ format: "pem", type: "pkcs1" }).toString(),
      public_key_pem: publicKey.export({ format: "pem", type: "spki" }).toString(),
    };
  }
  throw new Error(`${s.path}.algorithm: ${algorithm} not supported by the e2e applier`);
}

const KEY_USAGE: Record<string, string> = {
  digital_signature: "digitalSignature",
  key_encipherment: "keyEncipherment",
  cert_signing: "keyCertSign",
  crl_signing: "cRLSign",
  content_commitment: "nonRepudiation",
  key_agreement: "keyAgreement",
};
const EXT_KEY_USAGE: Record<string, string> = { server_auth: "serverAuth", client_auth: "clientAuth" };

function subjectOf(s: Strict): string {
  const subj = s.obj("subject");
  if (!subj) return "/";
  const fields: [string, string][] = [
    ["common_name", "CN"],
    ["organization", "O"],
    ["organizational_unit", "OU"],
    ["country", "C"],
    ["locality", "L"],
    ["province", "ST"],
  ];
  let out = "";
  for (const [k, short] of fields) {
    const v = subj.str(k, true);
    if (v !== undefined) out += `/${short}=${v.replace(/[/\\]/g, "\\$&")}`;
  }
  subj.end();
  return out || "/";
}

function sanOf(s: Strict): string[] {
  return [...(s.strs("dns_names") ?? []).map((d) => `DNS:${d}`), ...(s.strs("ip_addresses") ?? []).map((i) => `IP:${i}`)];
}

/** openssl extension lines for allowed_uses, is_ca_certificate and set_subject_key_id. */
function extensions(s: Strict): string[] {
  const uses = s.strs("allowed_uses") ?? [];
  const ku: string[] = [];
  const eku: string[] = [];
  for (const u of uses) {
    if (KEY_USAGE[u]) ku.push(KEY_USAGE[u]);
    else if (EXT_KEY_USAGE[u]) eku.push(EXT_KEY_USAGE[u]);
    else throw new Error(`${s.path}.allowed_uses: ${u} not supported by the e2e applier`);
  }
  const ca = s.bool("is_ca_certificate") ?? false;
  const lines = [`basicConstraints = critical, CA:${ca ? "TRUE" : "FALSE"}`];
  if (ku.length) lines.push(`keyUsage = critical, ${ku.join(", ")}`);
  if (eku.length) lines.push(`extendedKeyUsage = ${eku.join(", ")}`);
  if (s.bool("set_subject_key_id")) lines.push("subjectKeyIdentifier = hash");
  // early_renewal_hours only tells Terraform when to plan a replacement; nothing to issue differently.
  s.ignore("early_renewal_hours");
  return lines;
}

const days = (s: Strict) => String(Math.max(1, Math.ceil(s.num("validity_period_hours") / 24)));

function withTmp<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "e2e-tls-"));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const openssl = (args: string[]) => execFileSync("openssl", args, { stdio: ["ignore", "pipe", "pipe"] });

export function selfSignedCert(s: Strict): Attrs {
  return withTmp((dir) => {
    writeFileSync(join(dir, "key.pem"), s.str("private_key_pem"), { mode: 0o600 });
    const subject = subjectOf(s);
    const san = sanOf(s);
    const ext = [...extensions(s), ...(san.length ? [`subjectAltName = ${san.join(", ")}`] : [])];
    writeFileSync(join(dir, "ext.cnf"), `[req]\ndistinguished_name = dn\n[dn]\n[v3]\n${ext.join("\n")}\n`);
    openssl([
      "req",
      "-new",
      "-x509",
      "-key",
      join(dir, "key.pem"),
      "-subj",
      subject,
      "-days",
      days(s),
      "-config",
      join(dir, "ext.cnf"),
      "-extensions",
      "v3",
      "-out",
      join(dir, "cert.pem"),
    ]);
    return { cert_pem: readFileSync(join(dir, "cert.pem"), "utf8") };
  });
}

export function certRequest(s: Strict): Attrs {
  return withTmp((dir) => {
    writeFileSync(join(dir, "key.pem"), s.str("private_key_pem"), { mode: 0o600 });
    const subject = subjectOf(s);
    const san = sanOf(s);
    const args = ["req", "-new", "-key", join(dir, "key.pem"), "-subj", subject, "-out", join(dir, "csr.pem")];
    if (san.length) args.push("-addext", `subjectAltName = ${san.join(", ")}`);
    openssl(args);
    return { cert_request_pem: readFileSync(join(dir, "csr.pem"), "utf8") };
  });
}

export function locallySignedCert(s: Strict): Attrs {
  return withTmp((dir) => {
    writeFileSync(join(dir, "csr.pem"), s.str("cert_request_pem"));
    writeFileSync(join(dir, "ca.pem"), s.str("ca_cert_pem"));
    writeFileSync(join(dir, "ca.key"), s.str("ca_private_key_pem"), { mode: 0o600 });
    writeFileSync(join(dir, "ext.cnf"), `${extensions(s).join("\n")}\nauthorityKeyIdentifier = keyid\n`);
    openssl([
      "x509",
      "-req",
      "-in",
      join(dir, "csr.pem"),
      "-CA",
      join(dir, "ca.pem"),
      "-CAkey",
      join(dir, "ca.key"),
      "-CAcreateserial",
      "-days",
      days(s),
      "-extfile",
      join(dir, "ext.cnf"),
      "-copy_extensions",
      "copy",
      "-out",
      join(dir, "cert.pem"),
    ]);
    return { cert_pem: readFileSync(join(dir, "cert.pem"), "utf8") };
  });
}
