# terraform test for the synthesized AWS stack, with a mocked provider (no credentials, no network).
# The integration tier copies this file next to cdktf.out/stacks/aws/cdk.tf.json and runs `terraform test`.
# A unit test (__tests__/stacks/aws-controls.test.ts) checks that every address named here exists in the stack.

mock_provider "aws" {
  # Mock values during plan too (Terraform >= 1.11): the run plans only, so nothing is "created" and the
  # prevent_destroy guards on data resources never meet a destroy.
  override_during = plan
  # Mocked ARNs must look like ARNs: the provider validates the attributes that receive them.
  mock_resource "aws_db_instance" {
    defaults = { address = "postgres.mock.eu-west-1.rds.amazonaws.com", resource_id = "db-MOCK" }
  }
  mock_resource "aws_elasticache_replication_group" {
    defaults = { primary_endpoint_address = "master.redis.mock.euw1.cache.amazonaws.com" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/mock" }
  }
  mock_resource "aws_sns_topic" {
    defaults = { arn = "arn:aws:sns:eu-west-1:123456789012:mock" }
  }
  mock_resource "aws_lb" {
    defaults = { arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/mock/0123456789abcdef" }
  }
  mock_resource "aws_lb_target_group" {
    defaults = { arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/mock/0123456789abcdef" }
  }
  mock_resource "aws_wafv2_web_acl" {
    defaults = { arn = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/mock/00000000-0000-0000-0000-000000000000" }
  }
  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000000" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:eu-west-1:123456789012:log-group:mock" }
  }
  mock_resource "aws_acm_certificate" {
    defaults = { arn = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000" }
  }
  mock_resource "aws_secretsmanager_secret" {
    defaults = { arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:mock-AbCdEf" }
  }
  mock_resource "aws_ecr_repository" {
    defaults = { arn = "arn:aws:ecr:eu-west-1:123456789012:repository/mock", repository_url = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/mock" }
  }
  mock_resource "aws_s3_bucket" {
    defaults = { arn = "arn:aws:s3:::mock" }
  }
  mock_resource "aws_ecs_cluster" {
    defaults = { arn = "arn:aws:ecs:eu-west-1:123456789012:cluster/mock" }
  }
  mock_resource "aws_ecs_task_definition" {
    defaults = { arn = "arn:aws:ecs:eu-west-1:123456789012:task-definition/mock:1", arn_without_revision = "arn:aws:ecs:eu-west-1:123456789012:task-definition/mock" }
  }
  mock_resource "aws_prometheus_workspace" {
    defaults = { arn = "arn:aws:aps:eu-west-1:123456789012:workspace/ws-mock", prometheus_endpoint = "https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-mock/" }
  }
  mock_resource "aws_service_discovery_service" {
    defaults = { arn = "arn:aws:servicediscovery:eu-west-1:123456789012:service/srv-mock" }
  }
}

run "hardening" {
  command = plan

  assert {
    condition     = aws_lb_listener.system_edge_https_B1A972F6.protocol == "HTTPS" && aws_lb_listener.system_edge_https_B1A972F6.ssl_policy == "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"
    error_message = "T-05: the HTTPS listener must use the current TLS 1.3 policy"
  }
  assert {
    condition     = aws_lb_listener.system_edge_http_35F1114D.default_action[0].type == "redirect" && aws_lb_listener.system_edge_http_35F1114D.default_action[0].redirect[0].status_code == "HTTP_301" && aws_lb_listener.system_edge_http_35F1114D.default_action[0].redirect[0].protocol == "HTTPS"
    error_message = "T-04: the HTTP listener must only redirect to HTTPS"
  }
  assert {
    condition     = aws_lb.system_edge_alb_35040D47.drop_invalid_header_fields && aws_lb.system_edge_alb_35040D47.desync_mitigation_mode == "defensive" && aws_lb.system_edge_alb_35040D47.enable_deletion_protection && aws_lb.system_edge_alb_35040D47.access_logs[0].enabled
    error_message = "T-06: ALB header hygiene, deletion protection and access logs"
  }
  assert {
    condition     = length(aws_wafv2_web_acl.system_edge_waf_763C70BD.rule) == 7 && aws_wafv2_web_acl_association.system_edge_waf-association_916ABDFC.resource_arn == aws_lb.system_edge_alb_35040D47.arn
    error_message = "W-01/W-02/W-03: the web ACL with its managed groups and rate limits is attached to the ALB"
  }
  assert {
    condition = alltrue([
      aws_db_instance.system_postgres_instance_51474BC4.storage_encrypted,
      !aws_db_instance.system_postgres_instance_51474BC4.publicly_accessible,
      aws_db_instance.system_postgres_instance_51474BC4.deletion_protection,
      !aws_db_instance.system_postgres_instance_51474BC4.skip_final_snapshot,
      aws_db_instance.system_postgres_instance_51474BC4.iam_database_authentication_enabled,
      aws_db_instance.system_postgres_instance_51474BC4.manage_master_user_password,
      aws_db_instance.system_postgres_instance_51474BC4.backup_retention_period >= 7,
      aws_db_instance.system_postgres_instance_51474BC4.performance_insights_enabled,
      aws_db_instance.system_postgres_instance_51474BC4.ca_cert_identifier == "rds-ca-ecc384-g1",
      aws_db_instance.system_postgres_instance_51474BC4.parameter_group_name == aws_db_parameter_group.system_postgres_parameters_8951F14B.name,
    ])
    error_message = "D-01..D-08, T-09: RDS hardening"
  }
  assert {
    condition     = anytrue([for p in aws_db_parameter_group.system_postgres_parameters_8951F14B.parameter : p.name == "rds.force_ssl" && p.value == "1"]) && !anytrue([for p in aws_db_parameter_group.system_postgres_parameters_8951F14B.parameter : p.name == "log_statement" && p.value == "all"])
    error_message = "D-02/D-07: rds.force_ssl = 1 in the attached parameter group, statement text never logged"
  }
  assert {
    condition     = aws_elasticache_replication_group.system_redis_group_D044CA60.transit_encryption_mode == "required" && aws_elasticache_replication_group.system_redis_group_D044CA60.at_rest_encryption_enabled == "true" && aws_elasticache_replication_group.system_redis_group_D044CA60.automatic_failover_enabled && length(aws_elasticache_replication_group.system_redis_group_D044CA60.user_group_ids) == 1
    error_message = "R-01..R-04: ElastiCache TLS required, encrypted, RBAC, failover"
  }
  assert {
    condition = alltrue([for k in [
      aws_kms_key.system_keys_data_206FAA2C, aws_kms_key.system_keys_logs_4AE5D525, aws_kms_key.system_keys_monitoring_665082FA,
      aws_kms_key.system_keys_registry_63E6C757, aws_kms_key.system_keys_secrets_59573776, aws_kms_key.system_keys_storage_A8B8110F,
    ] : k.enable_key_rotation && k.deletion_window_in_days == 30])
    error_message = "S-05: every customer key rotates"
  }
  assert {
    condition = alltrue([for t in [
      aws_ecs_task_definition.system_api_task_DD8BD716, aws_ecs_task_definition.system_dashboard_task_ED453B8F,
      aws_ecs_task_definition.system_nginx_task_C1878A11, aws_ecs_task_definition.system_prometheus_task_CE3478D4,
      aws_ecs_task_definition.system_pushgateway_task_DFABC85F, aws_ecs_task_definition.system_scanner_task_87B1736F,
      aws_ecs_task_definition.system_worker_task_E145431F,
      ] : alltrue([for c in jsondecode(t.container_definitions) : c.readonlyRootFilesystem && !c.privileged && !startswith(c.user, "0:")
      && contains(c.linuxParameters.capabilities.drop, "ALL") && length(c.linuxParameters.capabilities.add) == 0
    && c.logConfiguration.logDriver == "awslogs" && length(c.healthCheck.command) > 1]) && t.network_mode == "awsvpc"])
    error_message = "C-01/C-02/C-03/C-05/C-06/C-12/C-14/I-01: every container is non-root, read-only, without capabilities, logged, health-checked"
  }
  assert {
    condition = alltrue([for s in [
      aws_ecs_service.system_api_service_BF143B18, aws_ecs_service.system_dashboard_service_68BFB02E, aws_ecs_service.system_nginx_service_63177F04,
      aws_ecs_service.system_prometheus_service_7CD8808B, aws_ecs_service.system_pushgateway_service_F9A2BBFF, aws_ecs_service.system_worker_service_DE09098D,
    ] : !s.enable_execute_command && !s.network_configuration[0].assign_public_ip])
    error_message = "L-04/N-10: ECS Exec off, no public IPs"
  }
  assert {
    condition     = length(aws_default_security_group.system_network_default-sg_76258649.ingress) == 0 && length(aws_default_security_group.system_network_default-sg_76258649.egress) == 0
    error_message = "N-08: the default security group is closed"
  }
  assert {
    condition     = aws_flow_log.system_network_flow-log_EAF84108.traffic_type == "ALL"
    error_message = "N-09: flow logs record all traffic"
  }
  assert {
    condition = alltrue([for b in [
      aws_s3_bucket_public_access_block.system_access-logs_public-access_E4F9389E, aws_s3_bucket_public_access_block.system_alb-logs_public-access_1FACE961,
      aws_s3_bucket_public_access_block.system_backups_public-access_DBDDFA96, aws_s3_bucket_public_access_block.system_scan-reports_public-access_8B586322,
    ] : b.block_public_acls && b.block_public_policy && b.ignore_public_acls && b.restrict_public_buckets])
    error_message = "B-01: public access blocked on every bucket"
  }
}
