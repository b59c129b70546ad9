output "sns_topic_arn" {
  description = "Alarm and outcome topic ARN."
  value       = aws_sns_topic.alarms.arn
}

output "email_subscription" {
  description = "Protocol and endpoint of the e-mail subscription."
  value = {
    protocol = aws_sns_topic_subscription.email.protocol
    endpoint = aws_sns_topic_subscription.email.endpoint
  }
}

output "sns_topic_policy" {
  description = "Topic policy JSON."
  value       = aws_sns_topic_policy.alarms.policy
}

output "alarms" {
  description = "Every alarm: name, metric, comparison, threshold, periods and actions."
  value = {
    for key, a in local.all_alarms : key => {
      name                = a.alarm_name
      arn                 = a.arn
      namespace           = a.namespace
      metric_name         = a.metric_name
      dimensions          = a.dimensions
      comparison_operator = a.comparison_operator
      threshold           = a.threshold
      evaluation_periods  = a.evaluation_periods
      period              = a.period
      treat_missing_data  = a.treat_missing_data
      alarm_actions       = a.alarm_actions
      ok_actions          = a.ok_actions
    }
  }
}

output "metric_namespace" {
  description = "CloudWatch namespace of the metrics taken from the producer's summary line."
  value       = local.metric_namespace
}

output "metric_filters" {
  description = "Metric filter name => pattern."
  value = merge(
    { for k, f in aws_cloudwatch_log_metric_filter.summary_counts : f.name => f.pattern },
    { for k, f in aws_cloudwatch_log_metric_filter.run_outcomes : f.name => f.pattern },
  )
}

output "sync_outcome_rules" {
  description = "EventBridge rules on the producer's ECS task state: name, pattern, target and message template."
  value = {
    for key, rule in aws_cloudwatch_event_rule.sync_outcome : key => {
      name           = rule.name
      event_pattern  = rule.event_pattern
      target_arn     = aws_cloudwatch_event_target.sync_outcome[key].arn
      input_template = aws_cloudwatch_event_target.sync_outcome[key].input_transformer[0].input_template
      input_paths    = aws_cloudwatch_event_target.sync_outcome[key].input_transformer[0].input_paths
    }
  }
}

output "dashboard_name" {
  description = "CloudWatch dashboard name."
  value       = aws_cloudwatch_dashboard.this.dashboard_name
}

output "dashboard_body" {
  description = "Dashboard JSON."
  value       = aws_cloudwatch_dashboard.this.dashboard_body
}
