locals {
  function_name = "${var.name}-consumer"
}

# Created before the function so that Terraform, not Lambda, owns it (and its retention).
resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/lambda/${local.function_name}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

resource "aws_lambda_function" "this" {
  function_name = local.function_name
  description   = "Applies BambooHR employee changes from SQS to Moodle."
  role          = aws_iam_role.this.arn
  runtime       = var.runtime
  handler       = var.handler
  architectures = [var.architecture]
  memory_size   = var.memory_size
  timeout       = var.timeout
  filename      = var.zip_path
  # Absent zip (plan/validate before package.sh ran): no hash rather than an error.
  source_code_hash = fileexists(var.zip_path) ? filebase64sha256(var.zip_path) : null
  layers           = [var.secrets_extension_layer_arn]

  environment {
    variables = merge(var.environment, {
      Secrets__SecretId   = var.secret_arn
      SECRETS_MANAGER_TTL = tostring(var.secrets_cache_ttl_seconds)
      # Secrets__CacheTtl tells the application to re-read the extension no more often than it refreshes.
      Secrets__CacheTtl = format("00:%02d:%02d", floor(var.secrets_cache_ttl_seconds / 60), var.secrets_cache_ttl_seconds % 60)
    })
  }

  depends_on = [aws_cloudwatch_log_group.this, aws_iam_role_policy.this]
  tags       = var.tags
}

resource "aws_lambda_event_source_mapping" "this" {
  event_source_arn                   = var.queue_arn
  function_name                      = aws_lambda_function.this.arn
  batch_size                         = var.batch_size
  maximum_batching_window_in_seconds = var.maximum_batching_window_in_seconds
  # The handler reports the messages that failed; the rest of the batch is deleted.
  function_response_types = ["ReportBatchItemFailures"]

  scaling_config {
    maximum_concurrency = var.maximum_concurrency
  }

  lifecycle {
    precondition {
      condition     = var.batch_size <= 10 || var.maximum_batching_window_in_seconds >= 1
      error_message = "SQS event sources with batch_size above 10 need maximum_batching_window_in_seconds of at least 1."
    }
  }
}
