locals {
  all_alarms = {
    dlq_visible      = aws_cloudwatch_metric_alarm.dlq_visible
    oldest_message   = aws_cloudwatch_metric_alarm.oldest_message
    backlog          = aws_cloudwatch_metric_alarm.backlog
    lambda_errors    = aws_cloudwatch_metric_alarm.lambda_errors
    lambda_throttles = aws_cloudwatch_metric_alarm.lambda_throttles
    sync_failed      = aws_cloudwatch_metric_alarm.sync_failed
    watermark_lag    = aws_cloudwatch_metric_alarm.watermark_lag
  }
}

resource "aws_cloudwatch_metric_alarm" "dlq_visible" {
  alarm_name          = "${var.name}-dlq-not-empty"
  alarm_description   = "Messages are parked in the DLQ: see docs/runbook.md, 'Dead-letter queue'."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = var.dlq_name }
  statistic           = "Maximum"
  period              = var.alarm_period_seconds
  evaluation_periods  = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = var.dlq_visible_threshold
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "oldest_message" {
  alarm_name          = "${var.name}-queue-oldest-message-age"
  alarm_description   = "The oldest change waits too long: consumer down, throttled or failing."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  dimensions          = { QueueName = var.queue_name }
  statistic           = "Maximum"
  period              = var.alarm_period_seconds
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.oldest_message_age_threshold_seconds
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "backlog" {
  alarm_name          = "${var.name}-queue-backlog"
  alarm_description   = "The main queue stays above the backlog threshold."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = var.queue_name }
  statistic           = "Maximum"
  period              = var.alarm_period_seconds
  evaluation_periods  = var.backlog_evaluation_periods
  datapoints_to_alarm = var.backlog_evaluation_periods
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.backlog_threshold
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "lambda_errors" {
  alarm_name          = "${var.name}-consumer-errors"
  alarm_description   = "The consumer Lambda failed whole invocations (not single messages)."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = var.function_name }
  statistic           = "Sum"
  period              = var.alarm_period_seconds
  evaluation_periods  = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = var.lambda_errors_threshold
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "lambda_throttles" {
  alarm_name          = "${var.name}-consumer-throttles"
  alarm_description   = "The consumer Lambda was throttled (account concurrency or reserved concurrency below maximum_concurrency)."
  namespace           = "AWS/Lambda"
  metric_name         = "Throttles"
  dimensions          = { FunctionName = var.function_name }
  statistic           = "Sum"
  period              = var.alarm_period_seconds
  evaluation_periods  = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = var.lambda_throttles_threshold
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "sync_failed" {
  alarm_name          = "${var.name}-sync-failed"
  alarm_description   = "A producer run printed a summary with status \"failed\" or \"held\" (mass-suspension safeguard; the watermark stayed where it was) or \"completed_with_errors\" (Moodle kept failing for some employees: replay the DLQ once Moodle is healthy)."
  namespace           = local.metric_namespace
  metric_name         = "SyncFailed"
  statistic           = "Sum"
  period              = 3600
  evaluation_periods  = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
  tags                = var.tags
}

# Watermark lag: the summary line carries timestamps, not an age, so the lag is measured as
# "hours without a run that advanced the watermark" (SyncSucceeded). Missing data counts as breaching:
# no summary at all (task never started, crashed before printing) is exactly the case to catch.
resource "aws_cloudwatch_metric_alarm" "watermark_lag" {
  alarm_name          = "${var.name}-watermark-lag"
  alarm_description   = "No sync run completed within ${var.watermark_max_lag_hours} hours: BambooHR changes are not reaching Moodle."
  namespace           = local.metric_namespace
  metric_name         = "SyncSucceeded"
  statistic           = "Sum"
  period              = 3600
  evaluation_periods  = var.watermark_max_lag_hours
  datapoints_to_alarm = var.watermark_max_lag_hours
  comparison_operator = "LessThanThreshold"
  threshold           = 1
  treat_missing_data  = "breaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
  tags                = var.tags
}
