locals {
  metric_namespace = "${var.name}/Sync"
  summary_pattern  = "{ $.event = \"sync.summary\" }"

  # Summary-line fields turned into metrics (value = the field), for the dashboard's outcome widgets.
  summary_counts = {
    Published    = "$.published"
    Created      = "$.created"
    Updated      = "$.updated"
    Suspended    = "$.suspended"
    Reactivated  = "$.reactivated"
    Unchanged    = "$.unchanged"
    Stale        = "$.stale"
    DeadLettered = "$.dead_lettered"
    Errors       = "$.errors"
    TotalChanged = "$.total_changed"
    DurationMs   = "$.duration_ms"
  }

  # A run has moved the watermark when its status is completed or nothing_to_do. A run held by the mass-suspension
  # safeguard (status held, exit 5) counts as failed: someone must look at it (the ECS exit code also sends FAILED).
  # completed_with_errors moved the watermark, but Moodle kept failing for some employees (transient_exhausted, to
  # replay): it counts as failed too.
  run_outcomes = {
    SyncSucceeded = "{ $.event = \"sync.summary\" && ($.status = \"completed\" || $.status = \"nothing_to_do\") }"
    SyncFailed    = "{ $.event = \"sync.summary\" && ($.status = \"failed\" || $.status = \"held\" || $.status = \"completed_with_errors\") }"
    SyncDraining  = "{ $.event = \"sync.summary\" && $.status = \"draining\" }"
  }

  sync_message = {
    succeeded = "${var.name}: BambooHR->Moodle sync SUCCEEDED."
    failed    = "${var.name}: BambooHR->Moodle sync FAILED."
  }
}

resource "aws_sns_topic" "alarms" {
  name = "${var.name}-alarms"
  tags = var.tags
}

resource "aws_sns_topic_subscription" "email" {
  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

resource "aws_sns_topic_policy" "alarms" {
  arn = aws_sns_topic.alarms.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "CloudWatchAlarmsPublish"
        Effect    = "Allow"
        Principal = { Service = "cloudwatch.amazonaws.com" }
        Action    = ["sns:Publish"]
        Resource  = aws_sns_topic.alarms.arn
        Condition = { ArnLike = { "aws:SourceArn" = [for a in local.all_alarms : a.arn] } }
      },
      {
        Sid       = "SyncOutcomeRulesPublish"
        Effect    = "Allow"
        Principal = { Service = "events.amazonaws.com" }
        Action    = ["sns:Publish"]
        Resource  = aws_sns_topic.alarms.arn
        Condition = { ArnEquals = { "aws:SourceArn" = [for r in aws_cloudwatch_event_rule.sync_outcome : r.arn] } }
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = ["sns:Publish", "sns:Subscribe"]
        Resource  = aws_sns_topic.alarms.arn
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })
}

# --- Producer summary line -> metrics (CloudWatch Logs metric filters; the producer emits no EMF) ---

resource "aws_cloudwatch_log_metric_filter" "summary_counts" {
  for_each       = local.summary_counts
  name           = "${var.name}-summary-${each.key}"
  log_group_name = var.producer_log_group_name
  pattern        = local.summary_pattern

  metric_transformation {
    name      = each.key
    namespace = local.metric_namespace
    value     = each.value
    unit      = each.key == "DurationMs" ? "Milliseconds" : "Count"
  }
}

resource "aws_cloudwatch_log_metric_filter" "run_outcomes" {
  for_each       = local.run_outcomes
  name           = "${var.name}-${each.key}"
  log_group_name = var.producer_log_group_name
  pattern        = each.value

  metric_transformation {
    name      = each.key
    namespace = local.metric_namespace
    value     = "1"
    unit      = "Count"
  }
}

# --- Producer outcome from ECS: one e-mail per stopped producer task ---

locals {
  stopped_producer_task = {
    clusterArn        = [var.cluster_arn]
    lastStatus        = ["STOPPED"]
    taskDefinitionArn = [{ prefix = "${var.producer_task_definition_arn_without_revision}:" }]
  }

  # Exit code 0 succeeded; any other code, or none at all (the container never started: image pull,
  # secret injection or capacity failure), failed.
  sync_outcome_patterns = {
    succeeded = merge(local.stopped_producer_task, {
      containers = { exitCode = [{ numeric = ["=", 0] }] }
    })
    failed = merge(local.stopped_producer_task, {
      "$or" = [
        { containers = { exitCode = [{ anything-but = 0 }] } },
        { containers = { exitCode = [{ exists = false }] } },
      ]
    })
  }
}

resource "aws_cloudwatch_event_rule" "sync_outcome" {
  for_each    = local.sync_outcome_patterns
  name        = "${var.name}-sync-${each.key}"
  description = "Producer task stopped: sync ${upper(each.key)}."
  event_pattern = jsonencode({
    source        = ["aws.ecs"]
    "detail-type" = ["ECS Task State Change"]
    detail        = each.value
  })
  tags = var.tags
}

resource "aws_cloudwatch_event_target" "sync_outcome" {
  for_each  = aws_cloudwatch_event_rule.sync_outcome
  rule      = each.value.name
  target_id = "sns-${each.key}"
  arn       = aws_sns_topic.alarms.arn

  input_transformer {
    input_paths = {
      task     = "$.detail.taskArn"
      exitCode = "$.detail.containers[0].exitCode"
    }
    input_template = jsonencode("${local.sync_message[each.key]} Task <task> exited with code <exitCode>.")
  }
}
