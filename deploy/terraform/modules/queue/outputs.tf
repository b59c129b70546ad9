output "queue_url" {
  description = "URL of the main queue."
  value       = aws_sqs_queue.main.id
}

output "queue_arn" {
  description = "ARN of the main queue."
  value       = aws_sqs_queue.main.arn
}

output "queue_name" {
  description = "Name of the main queue (the CloudWatch QueueName dimension)."
  value       = aws_sqs_queue.main.name
}

output "dlq_url" {
  description = "URL of the dead-letter queue."
  value       = aws_sqs_queue.dlq.id
}

output "dlq_arn" {
  description = "ARN of the dead-letter queue."
  value       = aws_sqs_queue.dlq.arn
}

output "dlq_name" {
  description = "Name of the dead-letter queue (the CloudWatch QueueName dimension)."
  value       = aws_sqs_queue.dlq.name
}

output "visibility_timeout_seconds" {
  description = "Visibility timeout of the main queue."
  value       = aws_sqs_queue.main.visibility_timeout_seconds
}

output "dlq_message_retention_seconds" {
  description = "Retention of the dead-letter queue."
  value       = aws_sqs_queue.dlq.message_retention_seconds
}

output "redrive_policy" {
  description = "Redrive policy JSON of the main queue."
  value       = aws_sqs_queue.main.redrive_policy
}

output "redrive_allow_policy" {
  description = "Redrive-allow policy JSON of the dead-letter queue."
  value       = aws_sqs_queue_redrive_allow_policy.dlq.redrive_allow_policy
}

output "sse_enabled" {
  description = "SQS-managed server-side encryption, per queue."
  value = {
    main = aws_sqs_queue.main.sqs_managed_sse_enabled
    dlq  = aws_sqs_queue.dlq.sqs_managed_sse_enabled
  }
}

output "queue_policies" {
  description = "Queue policy JSON, per queue (TLS-only)."
  value = {
    main = aws_sqs_queue_policy.main.policy
    dlq  = aws_sqs_queue_policy.dlq.policy
  }
}

output "max_receive_count" {
  description = "Deliveries before the dead-letter queue: the consumer's Consumer__MaxAttempts must be this number."
  value       = var.max_receive_count
}
