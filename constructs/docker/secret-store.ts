/**
 * SecretStore: every secret of a system as Swarm `docker_secret`s, consumed by services as files (S-01, B11).
 *
 * - Passwords come from `random_password` (no literal in code or config, S-04); bumping a version rotates one.
 * - An internal CA and per-service certificates come from the tls provider (ECDSA P-256, 90-day leaves,
 *   renewed 30 days early); a public certificate may instead be read from PEM files by Terraform at plan time.
 * - Docker secrets are immutable: each is named with a creation timestamp, `ignore_changes = [name]` and
 *   `create_before_destroy`, so a new value creates a new secret, services move to it, then the old one goes
 *   (the rotation pattern documented by kreuzwerker/docker).
 *
 * Values live in Terraform state (marked sensitive for display only): keep the state backend encrypted.
 */
import { Construct } from "constructs";
import { Fn } from "cdktf";
import { Secret } from "@cdktf/provider-docker/lib/secret";
import { Password } from "@cdktf/provider-random/lib/password";
import { PrivateKey } from "@cdktf/provider-tls/lib/private-key";
import { SelfSignedCert } from "@cdktf/provider-tls/lib/self-signed-cert";
import { CertRequest } from "@cdktf/provider-tls/lib/cert-request";
import { LocallySignedCert } from "@cdktf/provider-tls/lib/locally-signed-cert";
import { z } from "zod";
import type { Naming } from "../naming";
import { parseProps } from "../props";

export interface SecretRef {
  /** docker_secret id (a token). */
  readonly id: string;
  /** docker_secret name (a token, because it carries the creation time). */
  readonly name: string;
}

/** "-" and a 14-digit creation time appended to every secret name. */
const TIMESTAMP_SUFFIX = 15;

const secretName = z.string().regex(/^[a-z][a-z0-9_]*$/, "secret names are lower-case snake_case");

export const secretStoreProps = z.strictObject({
  /** Versions of the passwords; bump one to rotate it. Default 1 for each. */
  versions: z.record(z.string(), z.number().int().min(1)).default({}),
  /** Common name of the internal CA. Default "<project>-<environment> internal CA". */
  caCommonName: z.string().min(1).optional(),
  /** Validity of the internal CA in hours. Default 8760 (one year), renewed 720 hours early. */
  caValidityHours: z.number().int().positive().default(8760),
  /** Validity of leaf certificates in hours. Default 2160 (90 days, Mozilla's recommended lifespan), renewed 720 hours early. */
  leafValidityHours: z.number().int().positive().default(2160),
});
export type SecretStoreProps = z.input<typeof secretStoreProps>;

export class SecretStore extends Construct {
  private readonly secrets: Map<string, SecretRef>;
  private readonly passwords: Map<string, Password>;
  private readonly props: z.output<typeof secretStoreProps>;
  private readonly naming: Naming;
  private ca?: { key: PrivateKey; cert: SelfSignedCert };

  constructor(scope: Construct, id: string, naming: Naming, props: SecretStoreProps = {}) {
    // Validate before joining the tree: bad props leave the construct tree unchanged.
    const p = parseProps(secretStoreProps, props, `${scope.node.path}/${id}`);
    super(scope, id);
    this.props = p;
    this.naming = naming;
    this.secrets = new Map();
    this.passwords = new Map();
  }

  /** A generated password (alphanumeric, so it needs no quoting in URLs or config files). */
  addPassword(name: string, length = 32): SecretRef {
    secretName.parse(name);
    const version = this.props.versions[name] ?? 1;
    const pw = new Password(this, `${name}-value`, {
      length,
      special: false,
      minLower: 2,
      minUpper: 2,
      minNumeric: 2,
      keepers: { version: String(version) },
    });
    this.passwords.set(name, pw);
    return this.store(name, Fn.base64encode(pw.result), { version: String(version) });
  }

  /** The password's value as a (sensitive) Terraform reference, for derived files such as an ACL. */
  passwordValue(name: string): string {
    const pw = this.passwords.get(name);
    if (!pw) throw new Error(`SecretStore: no password "${name}"; add it first`);
    return pw.result;
  }

  /** A secret whose base64 data is derived from other values (e.g. a Redis ACL holding a password hash). */
  addDerived(name: string, base64Data: string): SecretRef {
    secretName.parse(name);
    return this.store(name, base64Data, {});
  }

  /** The internal CA certificate as the secret `tls_ca` (public, but delivered with the other TLS files). */
  internalCa(): SecretRef {
    if (!this.ca) {
      const key = new PrivateKey(this, "ca-key", { algorithm: "ECDSA", ecdsaCurve: "P256" });
      const cert = new SelfSignedCert(this, "ca-cert", {
        privateKeyPem: key.privateKeyPem,
        isCaCertificate: true,
        subject: [{ commonName: this.props.caCommonName ?? `${this.naming.project}-${this.naming.environment} internal CA` }],
        validityPeriodHours: this.props.caValidityHours,
        earlyRenewalHours: 720,
        allowedUses: ["cert_signing", "crl_signing"],
        setSubjectKeyId: true,
      });
      this.ca = { key, cert };
      this.store("tls_ca", Fn.base64encode(cert.certPem), {});
    }
    return this.secret("tls_ca");
  }

  /** A server certificate signed by the internal CA: secrets `<service>_tls_cert` and `<service>_tls_key`. */
  addServerCertificate(service: string, dnsNames: string[]): { cert: SecretRef; key: SecretRef } {
    secretName.parse(service);
    this.internalCa();
    const ca = this.ca!;
    const key = new PrivateKey(this, `${service}-tls-key`, { algorithm: "ECDSA", ecdsaCurve: "P256" });
    const csr = new CertRequest(this, `${service}-tls-csr`, {
      privateKeyPem: key.privateKeyPem,
      dnsNames,
      subject: [{ commonName: dnsNames[0] }],
    });
    const cert = new LocallySignedCert(this, `${service}-tls-cert`, {
      certRequestPem: csr.certRequestPem,
      caPrivateKeyPem: ca.key.privateKeyPem,
      caCertPem: ca.cert.certPem,
      validityPeriodHours: this.props.leafValidityHours,
      earlyRenewalHours: 720,
      allowedUses: ["digital_signature", "key_encipherment", "server_auth"],
    });
    return {
      cert: this.store(`${service}_tls_cert`, Fn.base64encode(Fn.join("", [cert.certPem, ca.cert.certPem])), {}),
      key: this.store(`${service}_tls_key`, Fn.base64encode(key.privateKeyPem), {}),
    };
  }

  /** A certificate and key read from PEM files by Terraform at plan time (production edge certificates). */
  addCertificateFiles(service: string, certificateFile: string, privateKeyFile: string): { cert: SecretRef; key: SecretRef } {
    secretName.parse(service);
    return {
      cert: this.store(`${service}_tls_cert`, Fn.filebase64(certificateFile), {}),
      key: this.store(`${service}_tls_key`, Fn.filebase64(privateKeyFile), {}),
    };
  }

  /** Looks up a secret added earlier; throws for an unknown name. */
  secret(name: string): SecretRef {
    const s = this.secrets.get(name);
    if (!s) throw new Error(`SecretStore ${this.node.path}: no secret "${name}" (have ${[...this.secrets.keys()].join(", ")})`);
    return s;
  }

  private store(name: string, base64Data: string, labels: Record<string, string>): SecretRef {
    if (this.secrets.has(name)) throw new Error(`SecretStore: secret "${name}" added twice`);
    const secret = new Secret(this, name, {
      name: `${this.naming.withSuffixRoom(TIMESTAMP_SUFFIX, name)}-${Fn.formatdate("YYYYMMDDhhmmss", Fn.timestamp())}`,
      data: base64Data,
      labels: Object.entries({ secret: name, ...labels }).map(([label, value]) => ({ label, value })),
      lifecycle: { ignoreChanges: ["name"], createBeforeDestroy: true },
    });
    const ref = { id: secret.id, name: secret.name };
    this.secrets.set(name, ref);
    return ref;
  }
}
