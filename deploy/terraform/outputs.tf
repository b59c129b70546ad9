output "queue_url" {
  description = "Main queue URL (Queue__QueueUrl)."
  value       = module.queue.queue_url
}

output "queue_arn" {
  description = "Main queue ARN."
  value       = module.queue.queue_arn
}

output "dlq_url" {
  description = "Dead-letter queue URL (Queue__DeadLetterQueueUrl)."
  value       = module.queue.dlq_url
}

output "dlq_arn" {
  description = "Dead-letter queue ARN."
  value       = module.queue.dlq_arn
}

output "queue_visibility_timeout_seconds" {
  description = "Visibility timeout of the main queue (at least 6 x the consumer Lambda timeout)."
  value       = module.queue.visibility_timeout_seconds

  precondition {
    condition     = local.queue_visibility_timeout >= local.minimum_visibility_timeout
    error_message = "queue_visibility_timeout_seconds must be at least 6 x consumer_lambda_timeout_seconds (${local.minimum_visibility_timeout} s here), or null to compute it."
  }
}

output "table_name" {
  description = "State table name (State__TableName)."
  value       = module.state_table.name
}

output "secret_arn" {
  description = "Secret ARN: set its value with `aws secretsmanager put-secret-value`."
  value       = module.secret.arn
}

output "cluster_arn" {
  description = "ECS cluster ARN."
  value       = module.producer.cluster_arn
}

output "task_definition_family" {
  description = "Producer task definition family."
  value       = module.producer.task_definition_family
}

output "container_name" {
  description = "Producer container name (for run-task --overrides)."
  value       = module.producer.container_name
}

output "subnet_ids" {
  description = "Subnets the producer runs in (as given)."
  value       = var.subnet_ids
}

output "security_group_ids" {
  description = "Security groups of the producer (as given)."
  value       = var.security_group_ids
}

output "assign_public_ip" {
  description = "Whether producer tasks get a public IP (ENABLED/DISABLED for run-task)."
  value       = var.assign_public_ip ? "ENABLED" : "DISABLED"
}

output "schedule_name" {
  description = "EventBridge Scheduler schedule (group default)."
  value       = module.producer.schedule_name
}

output "schedule_state" {
  description = "ENABLED, or DISABLED while schedule_enabled is false or the secret has no value yet."
  value       = module.producer.schedule_state
}

output "full_sync_schedule_name" {
  description = "The weekly full-sync schedule (group default); null when full_sync_schedule_expression is empty."
  value       = module.producer.full_sync_schedule_name
}

output "full_sync_schedule_state" {
  description = "ENABLED, DISABLED (as schedule_state), or null when there is no full-sync schedule."
  value       = module.producer.full_sync_schedule_state
}

output "ecr_repository_url" {
  description = "Push the producer image here."
  value       = module.producer.ecr_repository_url
}

output "lambda_function_name" {
  description = "Consumer Lambda name."
  value       = module.consumer.function_name
}

output "sns_topic_arn" {
  description = "Topic for alarms and sync outcomes."
  value       = module.monitoring.sns_topic_arn
}

output "producer_log_group_name" {
  description = "Producer log group (summary lines)."
  value       = module.producer.log_group_name
}

output "consumer_log_group_name" {
  description = "Consumer Lambda log group."
  value       = module.consumer.log_group_name
}

output "dashboard_name" {
  description = "CloudWatch dashboard."
  value       = module.monitoring.dashboard_name
}

output "aws_region" {
  description = "Region deployed to (the provider's, read from the queue's ARN)."
  value       = local.region
}

output "policy_documents" {
  description = "Every IAM, queue and topic policy this stack writes, as JSON (for review and the tests' wildcard check)."
  value = merge(
    { for k, v in module.producer.iam_policies : "producer_${k}" => v },
    { for k, v in module.consumer.iam_policies : "consumer_${k}" => v },
    { for k, v in module.queue.queue_policies : "queue_${k}" => v },
    { topic = module.monitoring.sns_topic_policy },
  )
}

output "settings_parameter_name" {
  description = "SSM parameter holding the stack's settings (JSON, no secrets): what `pipeline --stack <project>` reads."
  value       = aws_ssm_parameter.settings.name
}
