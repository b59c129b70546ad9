locals {
  function_name = "${var.name}-consumer"

  # Consumer__InvocationBudget: how long the handler works before it stops taking on messages and reports
  # every message it has not settled in batchItemFailures. What is left of the timeout is the margin for
  # that wind-down: cancelling the Moodle call in flight, the ledger writes of what did finish, writing the
  # response and flushing logs, and for clock and GC jitter. A fifth of the timeout covers that for short
  # functions (12 s of the default 60 s); beyond 150 s the margin stays at 30 s, since the wind-down does
  # not grow with the timeout and every second more is a second of each invocation wasted.
  # timeout 10 -> 8 s, 60 -> 48 s, 150 -> 120 s, 300 -> 270 s, 900 -> 870 s.
  invocation_budget_seconds = max(floor(var.timeout * 0.8), var.timeout - 30)
  # A .NET TimeSpan, "hh:mm:ss".
  invocation_budget = format("%02d:%02d:%02d",
    floor(local.invocation_budget_seconds / 3600),
    floor(local.invocation_budget_seconds % 3600 / 60),
  local.invocation_budget_seconds % 60)
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
      # The queue's maxReceiveCount: on that delivery the consumer parks a failing message itself, with
      # its reason, instead of letting SQS move it to the DLQ without one.
      Consumer__MaxAttempts      = tostring(var.queue_max_receive_count)
      Consumer__InvocationBudget = local.invocation_budget
    })
  }

  lifecycle {
    precondition {
      condition     = local.invocation_budget_seconds >= 1 && local.invocation_budget_seconds < var.timeout
      error_message = "Consumer__InvocationBudget (${local.invocation_budget_seconds} s) must be positive and shorter than the timeout (${var.timeout} s)."
    }
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
