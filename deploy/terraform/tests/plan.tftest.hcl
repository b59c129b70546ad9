# Plan-time checks: what the configuration decides from its variables, and which inputs it refuses.
# The AWS provider is mocked (no credentials, no network); computed attributes are unknown at plan,
# so everything that needs an ARN lives in apply.tftest.hcl.

mock_provider "aws" {}

variables {
  bamboohr_base_url           = "https://api.bamboohr.com/api/gateway.php/acme/"
  moodle_base_url             = "https://learn.example.com/"
  producer_image_tag          = "test-1"
  subnet_ids                  = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
  security_group_ids          = ["sg-0123456789abcdef0"]
  secrets_extension_layer_arn = "arn:aws:lambda:eu-west-2:133256977650:layer:AWS-Parameters-and-Secrets-Lambda-Extension:17"
  alarm_email                 = "ops@example.com"
  # The offline mirror's AWS provider (5.100.0) predates the dotnet10 runtime and rejects it when it plans
  # the function, mocked or not. defaults.tftest.hcl shows that the shipped default is dotnet10.
  consumer_lambda_runtime = "dotnet8"
  # An enabled schedule waits for the secret's version list, which a plan cannot read before the secret
  # exists, and an unknown check fails a test run. apply.tftest.hcl covers the schedule's state.
  schedule_enabled = false
}

run "schedule_is_3am_london_with_retries" {
  command = plan

  assert {
    condition     = module.producer.schedule_expression == "cron(0 3 * * ? *)"
    error_message = "The nightly schedule must be cron(0 3 * * ? *), got ${module.producer.schedule_expression}."
  }
  assert {
    condition     = module.producer.schedule_timezone == "Europe/London"
    error_message = "The schedule must run in Europe/London by default."
  }
  assert {
    condition     = module.producer.schedule_target.maximum_retry_attempts == 3 && module.producer.schedule_target.maximum_event_age_in_seconds == 3600
    error_message = "The schedule must carry a retry policy (3 attempts within an hour by default)."
  }
  assert {
    condition     = module.producer.schedule_target.launch_type == "FARGATE"
    error_message = "The schedule must run the producer on Fargate."
  }
  assert {
    condition = (
      toset(module.producer.schedule_target.subnets) == toset(var.subnet_ids)
      && toset(module.producer.schedule_target.security_groups) == toset(var.security_group_ids)
      && module.producer.schedule_target.assign_public_ip == false
    )
    error_message = "The schedule's network configuration must use the given subnets and security groups."
  }
}

run "schedule_accepts_other_iana_zones" {
  command = plan

  variables {
    schedule_timezone   = "America/Argentina/Buenos_Aires"
    schedule_expression = "cron(30 1 ? * MON-FRI *)"
  }

  assert {
    condition     = module.producer.schedule_timezone == "America/Argentina/Buenos_Aires" && module.producer.schedule_expression == "cron(30 1 ? * MON-FRI *)"
    error_message = "A three-part IANA zone and a custom cron must pass through unchanged."
  }
  assert {
    condition     = module.producer.schedule_state == "DISABLED"
    error_message = "schedule_enabled = false must disable the schedule."
  }
}

run "full_sync_runs_sync_full_on_sundays_at_4am_london" {
  command = plan

  assert {
    condition     = module.producer.full_sync_schedule_expression == "cron(0 4 ? * SUN *)" && module.producer.full_sync_schedule_timezone == "Europe/London"
    error_message = "The full sync must run on Sundays at 04:00 Europe/London by default, got ${coalesce(module.producer.full_sync_schedule_expression, "none")}."
  }
  assert {
    condition     = module.producer.full_sync_schedule_target.container == "producer" && module.producer.full_sync_schedule_target.command == ["sync", "--full"]
    error_message = "The full sync must override the producer container's command with `sync --full`."
  }
  assert {
    condition = (
      module.producer.full_sync_schedule_target.launch_type == "FARGATE"
      && toset(module.producer.full_sync_schedule_target.subnets) == toset(var.subnet_ids)
      && toset(module.producer.full_sync_schedule_target.security_groups) == toset(var.security_group_ids)
      && module.producer.full_sync_schedule_target.maximum_retry_attempts == 3
      && module.producer.full_sync_schedule_target.maximum_event_age_in_seconds == 3600
    )
    error_message = "The full sync must run the producer on Fargate in the same network, with the nightly run's retry policy."
  }
  assert {
    condition     = module.producer.full_sync_schedule_state == "DISABLED"
    error_message = "schedule_enabled = false must pause the full sync too."
  }
}

run "full_sync_follows_its_own_expression_in_the_schedule_time_zone" {
  command = plan

  variables {
    full_sync_schedule_expression = "cron(30 2 1 * ? *)"
    schedule_timezone             = "America/New_York"
  }

  assert {
    condition     = module.producer.full_sync_schedule_expression == "cron(30 2 1 * ? *)" && module.producer.full_sync_schedule_timezone == "America/New_York"
    error_message = "full_sync_schedule_expression must set the full sync's schedule, read in schedule_timezone."
  }
  assert {
    condition     = module.producer.schedule_expression == "cron(0 3 * * ? *)"
    error_message = "The full sync's expression must not change the nightly one."
  }
}

run "full_sync_is_off_with_an_empty_expression" {
  command = plan

  variables {
    full_sync_schedule_expression = ""
  }

  assert {
    condition     = output.full_sync_schedule_name == null && output.full_sync_schedule_state == null && module.producer.full_sync_schedule_target == null
    error_message = "An empty full_sync_schedule_expression must create no full-sync schedule."
  }
  assert {
    condition     = module.producer.schedule_expression == "cron(0 3 * * ? *)"
    error_message = "Turning the full sync off must keep the nightly schedule."
  }
}

run "full_sync_is_off_with_null" {
  command = plan

  variables {
    full_sync_schedule_expression = null
  }

  assert {
    condition     = output.full_sync_schedule_name == null
    error_message = "A null full_sync_schedule_expression must create no full-sync schedule."
  }
}

run "full_sync_rejects_an_expression_scheduler_would_not_take" {
  command = plan

  variables {
    full_sync_schedule_expression = "every sunday"
  }

  expect_failures = [var.full_sync_schedule_expression]
}

run "rejects_invalid_time_zone" {
  command = plan

  variables {
    schedule_timezone = "London"
  }

  expect_failures = [var.schedule_timezone]
}

run "rejects_made_up_time_zone_region" {
  command = plan

  variables {
    schedule_timezone = "Mars/Olympus_Mons"
  }

  expect_failures = [var.schedule_timezone]
}

run "visibility_timeout_is_six_times_lambda_timeout" {
  command = plan

  variables {
    consumer_lambda_timeout_seconds = 120
  }

  assert {
    condition     = module.queue.visibility_timeout_seconds == 720
    error_message = "Visibility timeout must be computed as 6 x 120 = 720, got ${module.queue.visibility_timeout_seconds}."
  }
  assert {
    condition     = output.queue_visibility_timeout_seconds >= 6 * module.consumer.timeout
    error_message = "Visibility timeout must be at least 6 x the Lambda timeout."
  }
}

run "visibility_timeout_override_above_minimum_is_kept" {
  command = plan

  variables {
    consumer_lambda_timeout_seconds  = 60
    queue_visibility_timeout_seconds = 900
  }

  assert {
    condition     = module.queue.visibility_timeout_seconds == 900
    error_message = "An explicit visibility timeout above 6 x the Lambda timeout must be used as given."
  }
}

run "rejects_visibility_timeout_below_six_lambda_timeouts" {
  command = plan

  variables {
    consumer_lambda_timeout_seconds  = 60
    queue_visibility_timeout_seconds = 300
  }

  expect_failures = [output.queue_visibility_timeout_seconds]
}

run "queues_encrypted_and_dlq_keeps_14_days" {
  command = plan

  assert {
    condition     = module.queue.sse_enabled.main && module.queue.sse_enabled.dlq
    error_message = "Both queues must have SQS-managed server-side encryption on."
  }
  assert {
    condition     = module.queue.dlq_message_retention_seconds == 1209600
    error_message = "The DLQ must keep messages 14 days (1209600 s)."
  }
}

run "rejects_max_receive_count_zero" {
  command = plan

  variables {
    max_receive_count = 0
  }

  expect_failures = [var.max_receive_count]
}

run "event_source_mapping_reports_batch_item_failures" {
  command = plan

  variables {
    consumer_maximum_concurrency = 7
    consumer_batch_size          = 5
  }

  assert {
    condition     = module.consumer.event_source_mapping.function_response_types == toset(["ReportBatchItemFailures"])
    error_message = "The SQS event source mapping must report batch item failures."
  }
  assert {
    condition     = module.consumer.event_source_mapping.maximum_concurrency == 7
    error_message = "scaling_config.maximum_concurrency must follow consumer_maximum_concurrency."
  }
  assert {
    condition     = module.consumer.event_source_mapping.batch_size == 5
    error_message = "batch_size must follow consumer_batch_size."
  }
}

run "rejects_maximum_concurrency_one" {
  command = plan

  variables {
    consumer_maximum_concurrency = 1
  }

  expect_failures = [var.consumer_maximum_concurrency]
}

run "rejects_maximum_concurrency_above_1000" {
  command = plan

  variables {
    consumer_maximum_concurrency = 1001
  }

  expect_failures = [var.consumer_maximum_concurrency]
}

run "rejects_bad_email" {
  command = plan

  variables {
    alarm_email = "ops-at-example.com"
  }

  expect_failures = [var.alarm_email]
}

run "rejects_non_layer_arn" {
  command = plan

  variables {
    secrets_extension_layer_arn = "AWS-Parameters-and-Secrets-Lambda-Extension"
  }

  expect_failures = [var.secrets_extension_layer_arn]
}

run "rejects_malformed_subnet" {
  command = plan

  variables {
    subnet_ids = ["subnet-xyz"]
  }

  expect_failures = [var.subnet_ids]
}

run "table_on_demand_with_pitr_sse_ttl_and_protection" {
  command = plan

  assert {
    condition     = module.state_table.billing_mode == "PAY_PER_REQUEST"
    error_message = "The state table must be on-demand."
  }
  assert {
    condition     = module.state_table.point_in_time_recovery_enabled
    error_message = "Point-in-time recovery must be on."
  }
  assert {
    condition     = module.state_table.server_side_encryption_enabled
    error_message = "Server-side encryption must be on."
  }
  assert {
    condition     = module.state_table.ttl_attribute == "expires_at"
    error_message = "TTL must be enabled on expires_at."
  }
  assert {
    condition     = module.state_table.key_schema.hash_key == "pk" && module.state_table.key_schema.range_key == "sk"
    error_message = "Keys must be pk (hash) and sk (range)."
  }
  assert {
    condition     = module.state_table.deletion_protection_enabled
    error_message = "Deletion protection must be on by default."
  }
}

run "table_deletion_protection_can_be_turned_off" {
  command = plan

  variables {
    table_deletion_protection = false
  }

  assert {
    condition     = module.state_table.deletion_protection_enabled == false
    error_message = "table_deletion_protection = false must reach the table."
  }
}

run "lambda_shape_follows_variables" {
  command = plan

  variables {
    consumer_lambda_memory_mb       = 1024
    consumer_lambda_timeout_seconds = 90
    secrets_cache_ttl_seconds       = 120
  }

  assert {
    condition     = module.consumer.memory_size == 1024 && module.consumer.timeout == 90
    error_message = "Memory and timeout must follow the variables."
  }
  assert {
    condition     = module.consumer.handler == "Pipeline.Consumer.Lambda::Pipeline.Consumer.Lambda.LambdaEntryPoint::HandleAsync"
    error_message = "The handler must be the Lambda host's entry point (assembly Pipeline.Consumer.Lambda), got ${module.consumer.handler}."
  }
  assert {
    condition     = module.consumer.runtime == "dotnet8"
    error_message = "consumer_lambda_runtime must reach the function."
  }
  assert {
    condition     = module.consumer.layers == tolist([var.secrets_extension_layer_arn])
    error_message = "The Parameters and Secrets extension layer must be attached."
  }
  assert {
    condition     = module.consumer.environment.SECRETS_MANAGER_TTL == "120" && module.consumer.environment.Secrets__CacheTtl == "00:02:00"
    error_message = "The extension cache TTL and the application's re-read interval must follow secrets_cache_ttl_seconds."
  }
  assert {
    condition     = module.consumer.environment.Moodle__BaseUrl == var.moodle_base_url
    error_message = "Moodle__BaseUrl must reach the Lambda."
  }
}

run "alarm_thresholds_follow_variables" {
  command = plan

  variables {
    dlq_alarm_threshold                    = 2
    queue_oldest_message_threshold_seconds = 1800
    backlog_threshold                      = 250
    backlog_evaluation_periods             = 4
    lambda_errors_threshold                = 3
    lambda_throttles_threshold             = 5
    watermark_max_lag_hours                = 30
  }

  assert {
    condition = (
      module.monitoring.alarms.dlq_visible.threshold == 2
      && module.monitoring.alarms.dlq_visible.comparison_operator == "GreaterThanOrEqualToThreshold"
      && module.monitoring.alarms.dlq_visible.metric_name == "ApproximateNumberOfMessagesVisible"
    )
    error_message = "DLQ alarm: visible >= dlq_alarm_threshold."
  }
  assert {
    condition = (
      module.monitoring.alarms.oldest_message.threshold == 1800
      && module.monitoring.alarms.oldest_message.metric_name == "ApproximateAgeOfOldestMessage"
    )
    error_message = "Oldest-message alarm must use ApproximateAgeOfOldestMessage and its threshold."
  }
  assert {
    condition = (
      module.monitoring.alarms.backlog.threshold == 250
      && module.monitoring.alarms.backlog.evaluation_periods == 4
      && module.monitoring.alarms.backlog.metric_name == "ApproximateNumberOfMessagesVisible"
    )
    error_message = "Backlog alarm: visible > backlog_threshold for backlog_evaluation_periods periods."
  }
  assert {
    condition     = module.monitoring.alarms.lambda_errors.threshold == 3 && module.monitoring.alarms.lambda_errors.metric_name == "Errors"
    error_message = "Lambda errors alarm threshold."
  }
  assert {
    condition     = module.monitoring.alarms.lambda_throttles.threshold == 5 && module.monitoring.alarms.lambda_throttles.metric_name == "Throttles"
    error_message = "Lambda throttles alarm threshold."
  }
  assert {
    condition = (
      module.monitoring.alarms.watermark_lag.evaluation_periods == 30
      && module.monitoring.alarms.watermark_lag.period == 3600
      && module.monitoring.alarms.watermark_lag.treat_missing_data == "breaching"
      && module.monitoring.alarms.watermark_lag.metric_name == "SyncSucceeded"
    )
    error_message = "Watermark-lag alarm: no SyncSucceeded for watermark_max_lag_hours hours, missing data breaching."
  }
  assert {
    condition     = module.monitoring.alarms.sync_failed.threshold == 1 && module.monitoring.alarms.sync_failed.metric_name == "SyncFailed"
    error_message = "Sync-failed alarm must fire on one failed summary."
  }
}

run "summary_line_metric_filters" {
  command = plan

  assert {
    condition     = module.monitoring.metric_filters["bamboohr-moodle-sync-SyncFailed"] == "{ $.event = \"sync.summary\" && ($.status = \"failed\" || $.status = \"held\" || $.status = \"completed_with_errors\") }"
    error_message = "SyncFailed must match the summary line with status failed, held (mass-suspension safeguard) or completed_with_errors."
  }
  assert {
    condition     = strcontains(module.monitoring.metric_filters["bamboohr-moodle-sync-SyncSucceeded"], "$.status = \"completed\"")
    error_message = "SyncSucceeded must match completed runs."
  }
}

run "outcome_messages_name_the_project" {
  command = plan

  variables {
    project = "acme-sync"
  }

  assert {
    condition     = startswith(jsondecode(module.monitoring.sync_outcome_rules.succeeded.input_template), "acme-sync: BambooHR->Moodle sync SUCCEEDED.")
    error_message = "Success notification must read '<project>: BambooHR->Moodle sync SUCCEEDED.'"
  }
  assert {
    condition     = startswith(jsondecode(module.monitoring.sync_outcome_rules.failed.input_template), "acme-sync: BambooHR->Moodle sync FAILED.")
    error_message = "Failure notification must read '<project>: BambooHR->Moodle sync FAILED.'"
  }
  assert {
    condition     = module.monitoring.sync_outcome_rules.failed.input_paths.exitCode == "$.detail.containers[0].exitCode"
    error_message = "The transformer must read containers[0].exitCode."
  }
}

run "ecr_scans_on_push_with_immutable_tags" {
  command = plan

  assert {
    condition     = module.producer.ecr_scan_on_push && module.producer.ecr_image_tag_mutability == "IMMUTABLE"
    error_message = "ECR must scan on push and default to immutable tags."
  }
  assert {
    condition     = module.producer.log_group_retention_days == 30
    error_message = "Producer log retention must follow log_retention_days."
  }
}

run "consumer_max_attempts_is_the_queues_max_receive_count" {
  command = plan

  variables {
    max_receive_count = 9
  }

  assert {
    condition     = module.queue.max_receive_count == 9
    error_message = "The queue must redrive after max_receive_count deliveries."
  }
  assert {
    condition     = module.consumer.environment.Consumer__MaxAttempts == "9"
    error_message = "Consumer__MaxAttempts must be the queue's maxReceiveCount (9), got ${module.consumer.environment.Consumer__MaxAttempts}."
  }
}

run "invocation_budget_leaves_a_fifth_of_a_short_timeout" {
  command = plan

  assert {
    condition     = module.consumer.environment.Consumer__InvocationBudget == "00:00:48"
    error_message = "A 60 s timeout must give a 48 s budget, got ${module.consumer.environment.Consumer__InvocationBudget}."
  }
  assert {
    condition     = module.consumer.environment.Consumer__InvocationBudget == module.consumer.invocation_budget
    error_message = "The budget in the environment must be the one the module reports."
  }
}

run "invocation_budget_of_the_shortest_timeout" {
  command = plan

  variables {
    consumer_lambda_timeout_seconds = 10
  }

  assert {
    condition     = module.consumer.environment.Consumer__InvocationBudget == "00:00:08"
    error_message = "A 10 s timeout must give an 8 s budget, got ${module.consumer.environment.Consumer__InvocationBudget}."
  }
}

run "invocation_budget_margin_stops_at_30_seconds" {
  command = plan

  variables {
    consumer_lambda_timeout_seconds = 300
  }

  assert {
    condition     = module.consumer.environment.Consumer__InvocationBudget == "00:04:30"
    error_message = "A 300 s timeout must give a 270 s budget (30 s margin, not 60), got ${module.consumer.environment.Consumer__InvocationBudget}."
  }
}

run "invocation_budget_of_the_longest_timeout" {
  command = plan

  variables {
    consumer_lambda_timeout_seconds = 900
  }

  assert {
    condition     = module.consumer.environment.Consumer__InvocationBudget == "00:14:30"
    error_message = "A 900 s timeout must give an 870 s budget, got ${module.consumer.environment.Consumer__InvocationBudget}."
  }
}

run "rejects_lambda_timeout_below_ten_seconds" {
  command = plan

  variables {
    consumer_lambda_timeout_seconds = 5
  }

  expect_failures = [var.consumer_lambda_timeout_seconds]
}

run "paused_schedule_is_disabled" {
  command = plan

  assert {
    condition     = output.schedule_state == "DISABLED"
    error_message = "schedule_enabled = false must leave the schedule DISABLED, whatever the secret holds."
  }
}
