import { eachResource, isTrue, str } from "../../aws";
import type { Rule } from "../../types";
import { attachedParameters, isPostgres } from "./rds-params";

/** CAs with current roots (CKV_AWS_211). */
export const CURRENT_RDS_CAS = ["rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"];

export const rdsEncryptionTls: Rule = {
  id: "AWS-031",
  title: "RDS: encrypted with a customer key, TLS forced by an attached parameter group, current CA",
  severity: "error",
  controls: ["D-01", "D-02", "T-09"],
  explanation:
    "storage_encrypted with a customer key keeps data, snapshots and replicas under a key policy you control. Without " +
    "rds.force_ssl = 1 in an attached parameter group, clients may connect in clear text (Checkov CKV2_AWS_69 passes when " +
    "no group is attached, E-16); clients verify the server only against a current CA.",
  remediation:
    'Set storage_encrypted = true and kms_key_id; attach an aws_db_parameter_group with rds.force_ssl = "1"; ca_cert_identifier = "rds-ca-ecc384-g1" (or rsa2048/rsa4096-g1).',
  sources: ["FSBP RDS.3", "FSBP RDS.38", "CKV_AWS_16", "CKV2_AWS_69", "CKV_AWS_211", "TRV AWS-0080", "NAG AwsSolutions-RDS2", "CIS-PG 5.8"],
  check: (doc) =>
    eachResource(doc, "aws_db_instance", (db) => {
      const p: string[] = [];
      if (!isTrue(db.body.storage_encrypted)) p.push("storage is not encrypted");
      else if (!str(db.body.kms_key_id)) p.push("encrypted with the AWS-managed key, not a customer key");
      const params = attachedParameters(doc, db);
      if (isPostgres(db)) {
        if (!params) p.push("no parameter group of this stack is attached: the engine default does not force TLS");
        else if (params["rds.force_ssl"] !== "1")
          p.push(`the attached parameter group has rds.force_ssl = ${params["rds.force_ssl"] || "unset"}`);
        if (params?.ssl_min_protocol_version && !["TLSv1.2", "TLSv1.3"].includes(params.ssl_min_protocol_version))
          p.push(`ssl_min_protocol_version is ${params.ssl_min_protocol_version}`);
      }
      const ca = str(db.body.ca_cert_identifier);
      if (!CURRENT_RDS_CAS.includes(ca))
        p.push(`ca_cert_identifier is ${ca || "unset (the region default)"}, not one of ${CURRENT_RDS_CAS.join(", ")}`);
      return p;
    }),
};
