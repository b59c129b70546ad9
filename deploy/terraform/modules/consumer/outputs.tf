output "function_name" {
  description = "Lambda function name."
  value       = aws_lambda_function.this.function_name
}

output "function_arn" {
  description = "Lambda function ARN."
  value       = aws_lambda_function.this.arn
}

output "runtime" {
  description = "Lambda runtime."
  value       = aws_lambda_function.this.runtime
}

output "handler" {
  description = "Lambda handler."
  value       = aws_lambda_function.this.handler
}

output "timeout" {
  description = "Lambda timeout (seconds)."
  value       = aws_lambda_function.this.timeout
}

output "invocation_budget" {
  description = "Consumer__InvocationBudget: the handler's time budget per invocation (hh:mm:ss), the timeout less its wind-down margin."
  value       = local.invocation_budget
}

output "memory_size" {
  description = "Lambda memory (MB)."
  value       = aws_lambda_function.this.memory_size
}

output "layers" {
  description = "Layers of the function."
  value       = aws_lambda_function.this.layers
}

output "environment" {
  description = "Environment variables of the function (no secret values)."
  value       = aws_lambda_function.this.environment[0].variables
}

output "event_source_mapping" {
  description = "The SQS event source mapping's settings."
  value = {
    uuid                    = aws_lambda_event_source_mapping.this.uuid
    event_source_arn        = aws_lambda_event_source_mapping.this.event_source_arn
    batch_size              = aws_lambda_event_source_mapping.this.batch_size
    function_response_types = aws_lambda_event_source_mapping.this.function_response_types
    maximum_concurrency     = aws_lambda_event_source_mapping.this.scaling_config[0].maximum_concurrency
  }
}

output "log_group_name" {
  description = "The function's log group."
  value       = aws_cloudwatch_log_group.this.name
}

output "role_arn" {
  description = "Execution role ARN."
  value       = aws_iam_role.this.arn
}

output "iam_policies" {
  description = "Every IAM policy document of this module, as JSON."
  value = {
    trust       = aws_iam_role.this.assume_role_policy
    permissions = aws_iam_role_policy.this.policy
  }
}
