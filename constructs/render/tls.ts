/**
 * TLS settings shared by every TLS endpoint the renderers write (nginx, PostgreSQL, Redis, Prometheus): Mozilla
 * Server Side TLS guideline 6.0, `intermediate` (TLS 1.2 + 1.3) by default or `modern` (TLS 1.3 only). A user may
 * narrow protocols and cipher lists; anything OpenSSL does not know, anything below TLS 1.2 and any TLS 1.2 suite
 * that is not ECDHE with AEAD is an error naming the field, never silently dropped (T-01, T-02, T-03).
 */
import { z } from "zod";
import { OPENSSL_TLS12_CIPHERS, OPENSSL_TLS13_SUITES } from "./openssl-ciphers";

export const TLS_PROTOCOLS = ["TLSv1.2", "TLSv1.3"] as const;
export type TlsProtocol = (typeof TLS_PROTOCOLS)[number];

/** Mozilla guideline 6.0 intermediate TLS 1.2 suites: ECDHE with AEAD, no DHE, no CBC (T-02). */
export const MOZILLA_INTERMEDIATE_CIPHERS = [
  "ECDHE-ECDSA-AES128-GCM-SHA256",
  "ECDHE-RSA-AES128-GCM-SHA256",
  "ECDHE-ECDSA-AES256-GCM-SHA384",
  "ECDHE-RSA-AES256-GCM-SHA384",
  "ECDHE-ECDSA-CHACHA20-POLY1305",
  "ECDHE-RSA-CHACHA20-POLY1305",
] as const;

/** Mozilla guideline 6.0 TLS 1.3 suites (OpenSSL's defaults). */
export const MOZILLA_TLS13_SUITES = ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"] as const;

/** Key-exchange groups, client's choice among strong ones (T-03). X25519MLKEM768 needs OpenSSL 3.5+, so it is not default. */
export const MOZILLA_GROUPS = ["X25519", "prime256v1", "secp384r1"] as const;

/**
 * Why a TLS 1.2 cipher name is unacceptable, or undefined when it is fine. A narrower list may only pick from
 * Mozilla's intermediate suites: every server here (nginx, PostgreSQL, Redis, and the Go servers Prometheus and
 * Alertmanager) can apply exactly those, so nothing is silently dropped or widened anywhere.
 */
export function tls12CipherProblem(name: string): string | undefined {
  const c = OPENSSL_TLS12_CIPHERS[name];
  if (!c) return `OpenSSL does not know "${name}" (it would be silently dropped); use OpenSSL names such as ECDHE-RSA-AES128-GCM-SHA256`;
  if (c.kx !== "ECDH") return `"${name}" is not an ECDHE suite (no forward secrecy from static RSA, DHE is removed in Mozilla 5.8+) (T-02)`;
  if (c.mac !== "AEAD") return `"${name}" is not an AEAD suite (CBC) (T-02)`;
  if (!(MOZILLA_INTERMEDIATE_CIPHERS as readonly string[]).includes(name)) {
    return `"${name}" is not one of Mozilla's intermediate suites, which every endpoint here can apply (T-02)`;
  }
  return undefined;
}

/** The Go names of the TLS 1.2 suites, for exporter-toolkit web configs (Prometheus, Alertmanager). */
export const GO_CIPHER_NAMES: Readonly<Record<(typeof MOZILLA_INTERMEDIATE_CIPHERS)[number], string>> = {
  "ECDHE-ECDSA-AES128-GCM-SHA256": "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
  "ECDHE-RSA-AES128-GCM-SHA256": "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
  "ECDHE-ECDSA-AES256-GCM-SHA384": "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
  "ECDHE-RSA-AES256-GCM-SHA384": "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
  "ECDHE-ECDSA-CHACHA20-POLY1305": "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
  "ECDHE-RSA-CHACHA20-POLY1305": "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
};

/** The fields of TLS settings, for composing into larger schemas (config) together with refineTlsSettings. */
export const tlsSettingsShape = {
  /** Mozilla guideline 6.0 profile. Default "intermediate" (TLS 1.2 + 1.3); "modern" is TLS 1.3 only. */
  profile: z.enum(["intermediate", "modern"]).default("intermediate"),
  /** Narrow the protocols. Default: the profile's. Anything below TLS 1.2 is refused (T-01). */
  protocols: z
    .array(z.string().refine((p) => (TLS_PROTOCOLS as readonly string[]).includes(p), "only TLSv1.2 and TLSv1.3 are allowed (T-01)"))
    .min(1)
    .optional(),
  /** TLS 1.2 suites, OpenSSL names. Default: Mozilla intermediate. Each must be ECDHE with AEAD (T-02). */
  tls12Ciphers: z
    .array(
      z.string().superRefine((name, ctx) => {
        const problem = tls12CipherProblem(name);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    )
    .min(1)
    .optional(),
  /**
   * TLS 1.3 suites. Default and only accepted value: Mozilla's three. PostgreSQL 15 and the Go servers cannot narrow
   * TLS 1.3 suites, so a narrower list would apply on some endpoints only; CCM suites are weaker (64-bit tag for CCM_8).
   */
  tls13Ciphersuites: z
    .array(z.string())
    .superRefine((list, ctx) => {
      const unknown = list.filter((x) => !(OPENSSL_TLS13_SUITES as readonly string[]).includes(x));
      if (unknown.length) ctx.addIssue({ code: "custom", message: `OpenSSL does not know ${unknown.join(", ")}` });
      else if ([...list].sort().join() !== [...MOZILLA_TLS13_SUITES].sort().join()) {
        ctx.addIssue({
          code: "custom",
          message: `must be Mozilla's ${MOZILLA_TLS13_SUITES.join(", ")}: PostgreSQL 15 and the Go servers (Prometheus, Alertmanager) cannot narrow TLS 1.3 suites`,
        });
      }
    })
    .optional(),
};

/** Cross-field rules of TLS settings. */
export function refineTlsSettings(
  t: { profile: "intermediate" | "modern"; protocols?: string[]; tls12Ciphers?: string[] },
  ctx: z.RefinementCtx,
): void {
  if (t.profile === "modern" && t.protocols?.includes("TLSv1.2")) {
    ctx.addIssue({ code: "custom", path: ["protocols"], message: 'the "modern" profile is TLS 1.3 only; use "intermediate" for TLS 1.2' });
  }
  if (t.profile === "modern" && t.tls12Ciphers) {
    ctx.addIssue({ code: "custom", path: ["tls12Ciphers"], message: 'the "modern" profile has no TLS 1.2 suites' });
  }
  if (t.protocols && !t.protocols.includes("TLSv1.2") && t.tls12Ciphers) {
    ctx.addIssue({ code: "custom", path: ["tls12Ciphers"], message: "TLS 1.2 is not among the protocols" });
  }
}

export const tlsSettingsSchema = z.strictObject(tlsSettingsShape).superRefine(refineTlsSettings);
export type TlsSettingsInput = z.input<typeof tlsSettingsSchema>;
export type TlsSettings = z.output<typeof tlsSettingsSchema>;

/** The effective TLS policy of a settings object. */
export interface TlsPolicy {
  readonly protocols: readonly TlsProtocol[];
  /** Empty when TLS 1.2 is off. */
  readonly tls12Ciphers: readonly string[];
  readonly tls13Suites: readonly string[];
  readonly groups: readonly string[];
  /** Lowest and highest protocol, e.g. for PostgreSQL's ssl_min/max_protocol_version. */
  readonly minProtocol: TlsProtocol;
  readonly maxProtocol: TlsProtocol;
}

export function tlsPolicy(input: TlsSettingsInput = {}): TlsPolicy {
  const t = tlsSettingsSchema.parse(input);
  const protocols = (t.protocols ?? (t.profile === "modern" ? ["TLSv1.3"] : ["TLSv1.2", "TLSv1.3"])) as TlsProtocol[];
  const sorted = TLS_PROTOCOLS.filter((p) => protocols.includes(p));
  return {
    protocols: sorted,
    tls12Ciphers: sorted.includes("TLSv1.2") ? (t.tls12Ciphers ?? [...MOZILLA_INTERMEDIATE_CIPHERS]) : [],
    tls13Suites: t.tls13Ciphersuites ?? [...MOZILLA_TLS13_SUITES],
    groups: [...MOZILLA_GROUPS],
    minProtocol: sorted[0],
    maxProtocol: sorted[sorted.length - 1],
  };
}
