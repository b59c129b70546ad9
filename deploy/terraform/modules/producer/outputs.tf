output "ecr_repository_url" {
  description = "URL to push the producer image to."
  value       = aws_ecr_repository.this.repository_url
}

output "ecr_repository_arn" {
  description = "ARN of the producer's ECR repository."
  value       = aws_ecr_repository.this.arn
}

output "ecr_scan_on_push" {
  description = "Whether images are scanned on push."
  value       = aws_ecr_repository.this.image_scanning_configuration[0].scan_on_push
}

output "ecr_image_tag_mutability" {
  description = "Tag mutability of the repository."
  value       = aws_ecr_repository.this.image_tag_mutability
}

output "cluster_arn" {
  description = "ECS cluster ARN."
  value       = aws_ecs_cluster.this.arn
}

output "cluster_name" {
  description = "ECS cluster name."
  value       = aws_ecs_cluster.this.name
}

output "task_definition_family" {
  description = "Task definition family (run-task with the family alone starts the latest revision)."
  value       = aws_ecs_task_definition.this.family
}

output "task_definition_arn" {
  description = "ARN of the current task definition revision."
  value       = aws_ecs_task_definition.this.arn
}

output "task_definition_arn_without_revision" {
  description = "Task definition ARN without its revision."
  value       = aws_ecs_task_definition.this.arn_without_revision
}

output "container_name" {
  description = "Container name, for `aws ecs run-task --overrides`."
  value       = local.container_name
}

output "container_definitions" {
  description = "Container definitions JSON (no secret values: secrets are references)."
  value       = aws_ecs_task_definition.this.container_definitions
}

output "log_group_name" {
  description = "Producer log group."
  value       = aws_cloudwatch_log_group.this.name
}

output "log_group_retention_days" {
  description = "Retention of the producer log group."
  value       = aws_cloudwatch_log_group.this.retention_in_days
}

output "schedule_name" {
  description = "EventBridge Scheduler schedule name (group \"default\")."
  value       = aws_scheduler_schedule.this.name
}

output "schedule_expression" {
  description = "Schedule expression."
  value       = aws_scheduler_schedule.this.schedule_expression
}

output "schedule_timezone" {
  description = "Time zone of the schedule expression."
  value       = aws_scheduler_schedule.this.schedule_expression_timezone
}

output "schedule_state" {
  description = "ENABLED, or DISABLED while schedule_enabled is false or the secret has no current value."
  value       = aws_scheduler_schedule.this.state
}

output "full_sync_schedule_name" {
  description = "The full-sync schedule's name (group \"default\"); null when full_sync_schedule_expression is empty."
  value       = one(aws_scheduler_schedule.full[*].name)
}

output "full_sync_schedule_expression" {
  description = "The full-sync schedule's expression; null when there is no full-sync schedule."
  value       = one(aws_scheduler_schedule.full[*].schedule_expression)
}

output "full_sync_schedule_timezone" {
  description = "Time zone of the full-sync schedule's expression (schedule_timezone); null without one."
  value       = one(aws_scheduler_schedule.full[*].schedule_expression_timezone)
}

output "full_sync_schedule_state" {
  description = "ENABLED, DISABLED (paused or the secret has no value yet), or null when there is no full-sync schedule."
  value       = one(aws_scheduler_schedule.full[*].state)
}

output "full_sync_schedule_target" {
  description = "What the full-sync schedule starts: cluster, role, task definition, the command it runs, network and retries; null without one."
  value = one([for s in aws_scheduler_schedule.full : {
    arn                          = s.target[0].arn
    role_arn                     = s.target[0].role_arn
    task_definition_arn          = s.target[0].ecs_parameters[0].task_definition_arn
    launch_type                  = s.target[0].ecs_parameters[0].launch_type
    command                      = jsondecode(s.target[0].input).containerOverrides[0].command
    container                    = jsondecode(s.target[0].input).containerOverrides[0].name
    subnets                      = s.target[0].ecs_parameters[0].network_configuration[0].subnets
    security_groups              = s.target[0].ecs_parameters[0].network_configuration[0].security_groups
    assign_public_ip             = s.target[0].ecs_parameters[0].network_configuration[0].assign_public_ip
    maximum_retry_attempts       = s.target[0].retry_policy[0].maximum_retry_attempts
    maximum_event_age_in_seconds = s.target[0].retry_policy[0].maximum_event_age_in_seconds
  }])
}

output "secret_has_value" {
  description = "Whether the secret had an AWSCURRENT version when Terraform last looked (its value is never read)."
  value       = local.secret_has_value
}

output "schedule_target" {
  description = "What the schedule starts: cluster, role, task definition, launch type, network and retry policy."
  value = {
    arn                          = aws_scheduler_schedule.this.target[0].arn
    role_arn                     = aws_scheduler_schedule.this.target[0].role_arn
    task_definition_arn          = aws_scheduler_schedule.this.target[0].ecs_parameters[0].task_definition_arn
    launch_type                  = aws_scheduler_schedule.this.target[0].ecs_parameters[0].launch_type
    subnets                      = aws_scheduler_schedule.this.target[0].ecs_parameters[0].network_configuration[0].subnets
    security_groups              = aws_scheduler_schedule.this.target[0].ecs_parameters[0].network_configuration[0].security_groups
    assign_public_ip             = aws_scheduler_schedule.this.target[0].ecs_parameters[0].network_configuration[0].assign_public_ip
    maximum_retry_attempts       = aws_scheduler_schedule.this.target[0].retry_policy[0].maximum_retry_attempts
    maximum_event_age_in_seconds = aws_scheduler_schedule.this.target[0].retry_policy[0].maximum_event_age_in_seconds
  }
}

output "execution_role_arn" {
  description = "Task execution role ARN."
  value       = aws_iam_role.execution.arn
}

output "task_role_arn" {
  description = "Task role ARN."
  value       = aws_iam_role.task.arn
}

output "iam_policies" {
  description = "Every IAM policy document of this module (trust and permissions), as JSON."
  value = {
    execution_trust = aws_iam_role.execution.assume_role_policy
    execution       = aws_iam_role_policy.execution.policy
    task_trust      = aws_iam_role.task.assume_role_policy
    task            = aws_iam_role_policy.task.policy
    scheduler_trust = aws_iam_role.scheduler.assume_role_policy
    scheduler       = aws_iam_role_policy.scheduler.policy
  }
}
