import { arr, byAddress, eachResource, isTrue, linkedBy, refOf, str } from "../../aws";
import { list, resources } from "../../tf";
import type { TfDocument } from "../../types";
import type { Rule } from "../../types";

/** Route targets that lead out of the VPC. */
const OUT = [
  "gateway_id",
  "nat_gateway_id",
  "egress_only_gateway_id",
  "transit_gateway_id",
  "network_interface_id",
  "instance_id",
  "vpc_peering_connection_id",
  "carrier_gateway_id",
  "local_gateway_id",
];

const routesOut = (route: Record<string, unknown>) =>
  OUT.some((k) => {
    const v = str(route[k]);
    return v !== "" && !(k === "gateway_id" && v === "local") && !/aws_vpc_endpoint\./.test(v);
  });

/** For each subnet address: why it has a route out of the VPC (undefined when it has none). */
function routeOut(doc: TfDocument): (subnet: string) => string | undefined {
  const tableOf = new Map(
    resources(doc, "aws_route_table_association").map((a) => [refOf(a.body.subnet_id), refOf(a.body.route_table_id)]),
  );
  const extraRoutes = linkedBy(doc, "aws_route", "route_table_id");
  return (subnet) => {
    const table = tableOf.get(subnet);
    if (!table) return "it has no route table association (the VPC's main table applies)";
    const rt = byAddress(doc, table);
    const routes = [...list(rt?.body, "route"), ...(extraRoutes.get(table) ?? []).map((r) => r.body as Record<string, unknown>)];
    return routes.some(routesOut) ? `its route table ${table} routes out of the VPC` : undefined;
  };
}

export const awsDataTierIsolated: Rule = {
  id: "AWS-024",
  title: "Databases and caches are private, in their own subnet groups, without a route out",
  severity: "error",
  controls: ["N-02", "D-03", "N-12"],
  explanation:
    "RDS and ElastiCache need no route to the internet: a publicly accessible instance, the default subnet group (the " +
    "default VPC's public subnets) or a subnet routed to an internet or NAT gateway exposes them or lets them exfiltrate.",
  remediation:
    "Set publicly_accessible = false, a db_subnet_group_name / subnet_group_name on isolated subnets whose route table has no " +
    "gateway route, and explicit security groups.",
  sources: [
    "FSBP RDS.2",
    "FSBP RDS.18",
    "FSBP ElastiCache.7",
    "CKV_AWS_17",
    "CKV_AWS_323",
    "TRV AWS-0180",
    "NAG NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW",
  ],
  check: (doc) => {
    const out = routeOut(doc);
    const groupProblems = (groupRef: unknown, kind: string): string[] => {
      const group = byAddress(doc, refOf(groupRef));
      if (!str(groupRef)) return [`no ${kind}: the default subnet group (default VPC) applies`];
      if (!group) return [];
      return arr(group.body.subnet_ids)
        .map(refOf)
        .filter((s): s is string => !!s)
        .flatMap((s) => {
          const why = out(s);
          return why ? [`subnet ${s} of ${group.address}: ${why}`] : [];
        });
    };
    return [
      ...eachResource(doc, ["aws_db_instance", "aws_rds_cluster"], (db) => [
        ...(isTrue(db.body.publicly_accessible) ? ["publicly_accessible is true"] : []),
        ...groupProblems(db.body.db_subnet_group_name, "db_subnet_group_name"),
        ...(arr(db.body.vpc_security_group_ids).length ? [] : ["no vpc_security_group_ids: the default security group applies"]),
      ]),
      ...eachResource(doc, ["aws_elasticache_replication_group", "aws_elasticache_cluster"], (c) =>
        c.type === "aws_elasticache_cluster" && str(c.body.replication_group_id)
          ? undefined
          : [
              ...groupProblems(c.body.subnet_group_name, "subnet_group_name"),
              ...(arr(c.body.security_group_ids).length ? [] : ["no security_group_ids: the default security group applies"]),
            ],
      ),
    ];
  },
};
