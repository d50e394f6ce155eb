/** The parameters of the aws_db_parameter_group attached to an RDS instance (shared by the RDS rules). */
import { byAddress, refOf, str } from "../../aws";
import { list } from "../../tf";
import type { TfDocument, TfResource } from "../../types";

export function attachedParameters(doc: TfDocument, db: TfResource): Record<string, string> | undefined {
  const group = byAddress(doc, refOf(db.body.parameter_group_name));
  if (!group || group.type !== "aws_db_parameter_group") return undefined;
  return Object.fromEntries(list(group.body, "parameter").map((p) => [str(p.name).toLowerCase(), str(p.value).trim()]));
}

/** RDS instances running PostgreSQL (the engine this system uses). */
export const isPostgres = (db: TfResource): boolean => /postgres/.test(str(db.body.engine));
