locals {

  dashboard_widgets = [
    {
      type = "metric", x = 0, y = 0, width = 12, height = 6
      properties = {
        title  = "Queue depth (visible / in flight)"
        region = var.aws_region
        stat   = "Maximum"
        period = 300
        metrics = [
          ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", var.queue_name, { label = "visible" }],
          ["AWS/SQS", "ApproximateNumberOfMessagesNotVisible", "QueueName", var.queue_name, { label = "in flight" }],
        ]
      }
    },
    {
      type = "metric", x = 12, y = 0, width = 12, height = 6
      properties = {
        title  = "Age of oldest message (s)"
        region = var.aws_region
        stat   = "Maximum"
        period = 300
        metrics = [
          ["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", var.queue_name],
        ]
        annotations = { horizontal = [{ label = "alarm", value = var.oldest_message_age_threshold_seconds }] }
      }
    },
    {
      type = "metric", x = 0, y = 6, width = 12, height = 6
      properties = {
        title  = "Dead-letter queue"
        region = var.aws_region
        stat   = "Maximum"
        period = 300
        metrics = [
          ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", var.dlq_name, { label = "parked" }],
        ]
        annotations = { horizontal = [{ label = "alarm", value = var.dlq_visible_threshold }] }
      }
    },
    {
      type = "metric", x = 12, y = 6, width = 12, height = 6
      properties = {
        title  = "Sync outcomes per run (from the summary line)"
        region = var.aws_region
        stat   = "Sum"
        period = 86400
        view   = "bar"
        metrics = [
          for m in ["Created", "Updated", "Suspended", "Reactivated", "Unchanged", "Stale", "DeadLettered", "Errors"] :
          [local.metric_namespace, m]
        ]
      }
    },
    {
      type = "metric", x = 0, y = 12, width = 8, height = 6
      properties = {
        title  = "Runs: succeeded / failed / draining"
        region = var.aws_region
        stat   = "Sum"
        period = 86400
        metrics = [
          [local.metric_namespace, "SyncSucceeded"],
          [local.metric_namespace, "SyncFailed"],
          [local.metric_namespace, "SyncDraining"],
        ]
      }
    },
    {
      type = "metric", x = 8, y = 12, width = 8, height = 6
      properties = {
        title  = "Consumer duration (ms)"
        region = var.aws_region
        period = 300
        metrics = [
          ["AWS/Lambda", "Duration", "FunctionName", var.function_name, { stat = "Average", label = "average" }],
          ["AWS/Lambda", "Duration", "FunctionName", var.function_name, { stat = "p99", label = "p99" }],
          ["AWS/Lambda", "Duration", "FunctionName", var.function_name, { stat = "Maximum", label = "max" }],
        ]
      }
    },
    {
      type = "metric", x = 16, y = 12, width = 8, height = 6
      properties = {
        title  = "Consumer concurrency, errors, throttles"
        region = var.aws_region
        period = 300
        metrics = [
          ["AWS/Lambda", "ConcurrentExecutions", "FunctionName", var.function_name, { stat = "Maximum" }],
          ["AWS/Lambda", "Errors", "FunctionName", var.function_name, { stat = "Sum" }],
          ["AWS/Lambda", "Throttles", "FunctionName", var.function_name, { stat = "Sum" }],
        ]
      }
    },
  ]
}

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = "${var.name}-sync"
  dashboard_body = jsonencode({ widgets = local.dashboard_widgets })
}
