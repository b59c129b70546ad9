# Each module refuses bad input on its own, whoever calls it: these runs plan one module at a time,
# without the root module's validations in front of it.

mock_provider "aws" {}

run "queue_rejects_max_receive_count_above_sqs_limit" {
  command = plan

  module {
    source = "./modules/queue"
  }

  variables {
    name                       = "sync-changes"
    visibility_timeout_seconds = 360
    max_receive_count          = 1001
  }

  expect_failures = [var.max_receive_count]
}

run "queue_rejects_a_name_too_long_for_its_dlq" {
  command = plan

  module {
    source = "./modules/queue"
  }

  variables {
    name                       = "q-${join("", [for i in range(76) : "x"])}"
    visibility_timeout_seconds = 360
  }

  expect_failures = [var.name]
}

run "queue_accepts_the_defaults" {
  command = plan

  module {
    source = "./modules/queue"
  }

  variables {
    name                       = "sync-changes"
    visibility_timeout_seconds = 360
  }

  assert {
    condition     = output.max_receive_count == 5
    error_message = "The queue module must report its max_receive_count (default 5)."
  }
}

run "state_table_rejects_a_short_name" {
  command = plan

  module {
    source = "./modules/state_table"
  }

  variables {
    name = "ab"
  }

  expect_failures = [var.name]
}

run "secret_rejects_a_recovery_window_aws_refuses" {
  command = plan

  module {
    source = "./modules/secret"
  }

  variables {
    name                    = "sync/credentials"
    recovery_window_in_days = 3
  }

  expect_failures = [var.recovery_window_in_days]
}

run "consumer_rejects_timeout_without_room_for_a_budget" {
  command = plan

  module {
    source = "./modules/consumer"
  }

  variables {
    name                        = "sync-test"
    zip_path                    = "consumer-lambda.zip"
    runtime                     = "dotnet8"
    timeout                     = 3
    queue_max_receive_count     = 5
    secrets_extension_layer_arn = "arn:aws:lambda:eu-west-2:133256977650:layer:AWS-Parameters-and-Secrets-Lambda-Extension:17"
    secret_arn                  = "arn:aws:secretsmanager:eu-west-2:123456789012:secret:sync/credentials-AbCdEf"
    queue_arn                   = "arn:aws:sqs:eu-west-2:123456789012:sync-changes"
    dlq_arn                     = "arn:aws:sqs:eu-west-2:123456789012:sync-changes-dlq"
    table_arn                   = "arn:aws:dynamodb:eu-west-2:123456789012:table/sync-state"
  }

  expect_failures = [var.timeout]
}

run "consumer_refuses_settings_it_derives_itself" {
  command = plan

  module {
    source = "./modules/consumer"
  }

  variables {
    name                        = "sync-test"
    zip_path                    = "consumer-lambda.zip"
    runtime                     = "dotnet8"
    queue_max_receive_count     = 5
    secrets_extension_layer_arn = "arn:aws:lambda:eu-west-2:133256977650:layer:AWS-Parameters-and-Secrets-Lambda-Extension:17"
    secret_arn                  = "arn:aws:secretsmanager:eu-west-2:123456789012:secret:sync/credentials-AbCdEf"
    queue_arn                   = "arn:aws:sqs:eu-west-2:123456789012:sync-changes"
    dlq_arn                     = "arn:aws:sqs:eu-west-2:123456789012:sync-changes-dlq"
    table_arn                   = "arn:aws:dynamodb:eu-west-2:123456789012:table/sync-state"
    # Would let the consumer's last attempt drift from the queue's maxReceiveCount.
    environment = { Consumer__MaxAttempts = "3" }
  }

  expect_failures = [var.environment]
}

run "consumer_rejects_a_queue_arn_that_is_not_sqs" {
  command = plan

  module {
    source = "./modules/consumer"
  }

  variables {
    name                        = "sync-test"
    zip_path                    = "consumer-lambda.zip"
    runtime                     = "dotnet8"
    queue_max_receive_count     = 5
    secrets_extension_layer_arn = "arn:aws:lambda:eu-west-2:133256977650:layer:AWS-Parameters-and-Secrets-Lambda-Extension:17"
    secret_arn                  = "arn:aws:secretsmanager:eu-west-2:123456789012:secret:sync/credentials-AbCdEf"
    queue_arn                   = "arn:aws:sns:eu-west-2:123456789012:sync-changes"
    dlq_arn                     = "arn:aws:sqs:eu-west-2:123456789012:sync-changes-dlq"
    table_arn                   = "arn:aws:dynamodb:eu-west-2:123456789012:table/sync-state"
  }

  expect_failures = [var.queue_arn]
}

run "consumer_sets_budget_and_attempts_on_its_own" {
  command = plan

  module {
    source = "./modules/consumer"
  }

  variables {
    name                        = "sync-test"
    zip_path                    = "consumer-lambda.zip"
    runtime                     = "dotnet8"
    timeout                     = 120
    queue_max_receive_count     = 4
    secrets_extension_layer_arn = "arn:aws:lambda:eu-west-2:133256977650:layer:AWS-Parameters-and-Secrets-Lambda-Extension:17"
    secret_arn                  = "arn:aws:secretsmanager:eu-west-2:123456789012:secret:sync/credentials-AbCdEf"
    queue_arn                   = "arn:aws:sqs:eu-west-2:123456789012:sync-changes"
    dlq_arn                     = "arn:aws:sqs:eu-west-2:123456789012:sync-changes-dlq"
    table_arn                   = "arn:aws:dynamodb:eu-west-2:123456789012:table/sync-state"
  }

  assert {
    condition     = output.environment.Consumer__MaxAttempts == "4" && output.environment.Consumer__InvocationBudget == "00:01:36"
    error_message = "The module must set Consumer__MaxAttempts from queue_max_receive_count and a 96 s budget for a 120 s timeout."
  }
  assert {
    condition     = output.handler == "Pipeline.Consumer.Lambda::Pipeline.Consumer.Lambda.LambdaEntryPoint::HandleAsync"
    error_message = "The module's default handler must be the Lambda host's entry point."
  }
}

run "producer_rejects_an_invalid_fargate_cpu" {
  command = plan

  module {
    source = "./modules/producer"
  }

  variables {
    name               = "sync-test"
    aws_region         = "eu-west-2"
    image_tag          = "test-1"
    cpu                = 300
    secret_arn         = "arn:aws:secretsmanager:eu-west-2:123456789012:secret:sync/credentials-AbCdEf"
    queue_arn          = "arn:aws:sqs:eu-west-2:123456789012:sync-changes"
    dlq_arn            = "arn:aws:sqs:eu-west-2:123456789012:sync-changes-dlq"
    table_arn          = "arn:aws:dynamodb:eu-west-2:123456789012:table/sync-state"
    subnet_ids         = ["subnet-0123456789abcdef0"]
    security_group_ids = ["sg-0123456789abcdef0"]
  }

  expect_failures = [var.cpu]
}

run "producer_rejects_an_empty_command" {
  command = plan

  module {
    source = "./modules/producer"
  }

  variables {
    name               = "sync-test"
    aws_region         = "eu-west-2"
    image_tag          = "test-1"
    command            = []
    secret_arn         = "arn:aws:secretsmanager:eu-west-2:123456789012:secret:sync/credentials-AbCdEf"
    queue_arn          = "arn:aws:sqs:eu-west-2:123456789012:sync-changes"
    dlq_arn            = "arn:aws:sqs:eu-west-2:123456789012:sync-changes-dlq"
    table_arn          = "arn:aws:dynamodb:eu-west-2:123456789012:table/sync-state"
    subnet_ids         = ["subnet-0123456789abcdef0"]
    security_group_ids = ["sg-0123456789abcdef0"]
  }

  expect_failures = [var.command]
}

run "producer_refuses_a_full_sync_of_a_command_that_is_not_sync" {
  command = plan

  module {
    source = "./modules/producer"
  }

  variables {
    name               = "sync-test"
    aws_region         = "eu-west-2"
    image_tag          = "test-1"
    command            = ["status"]
    secret_arn         = "arn:aws:secretsmanager:eu-west-2:123456789012:secret:sync/credentials-AbCdEf"
    queue_arn          = "arn:aws:sqs:eu-west-2:123456789012:sync-changes"
    dlq_arn            = "arn:aws:sqs:eu-west-2:123456789012:sync-changes-dlq"
    table_arn          = "arn:aws:dynamodb:eu-west-2:123456789012:table/sync-state"
    subnet_ids         = ["subnet-0123456789abcdef0"]
    security_group_ids = ["sg-0123456789abcdef0"]
  }

  expect_failures = [aws_scheduler_schedule.full]
}

run "producer_full_sync_keeps_the_options_of_its_command" {
  command = plan

  module {
    source = "./modules/producer"
  }

  variables {
    name               = "sync-test"
    aws_region         = "eu-west-2"
    image_tag          = "test-1"
    command            = ["sync", "--wait", "45m"]
    schedule_enabled   = false
    secret_arn         = "arn:aws:secretsmanager:eu-west-2:123456789012:secret:sync/credentials-AbCdEf"
    queue_arn          = "arn:aws:sqs:eu-west-2:123456789012:sync-changes"
    dlq_arn            = "arn:aws:sqs:eu-west-2:123456789012:sync-changes-dlq"
    table_arn          = "arn:aws:dynamodb:eu-west-2:123456789012:table/sync-state"
    subnet_ids         = ["subnet-0123456789abcdef0"]
    security_group_ids = ["sg-0123456789abcdef0"]
  }

  assert {
    condition     = output.full_sync_schedule_target.command == ["sync", "--wait", "45m", "--full"]
    error_message = "The full sync must run the configured command with --full added."
  }
}

run "producer_refuses_a_secret_in_plain_environment" {
  command = plan

  module {
    source = "./modules/producer"
  }

  variables {
    name               = "sync-test"
    aws_region         = "eu-west-2"
    image_tag          = "test-1"
    environment        = { Moodle__Token = "plain" }
    secret_arn         = "arn:aws:secretsmanager:eu-west-2:123456789012:secret:sync/credentials-AbCdEf"
    queue_arn          = "arn:aws:sqs:eu-west-2:123456789012:sync-changes"
    dlq_arn            = "arn:aws:sqs:eu-west-2:123456789012:sync-changes-dlq"
    table_arn          = "arn:aws:dynamodb:eu-west-2:123456789012:table/sync-state"
    subnet_ids         = ["subnet-0123456789abcdef0"]
    security_group_ids = ["sg-0123456789abcdef0"]
  }

  expect_failures = [aws_ecs_task_definition.this]
}

run "monitoring_rejects_a_lag_window_beyond_a_week" {
  command = plan

  module {
    source = "./modules/monitoring"
  }

  variables {
    name                                          = "sync-test"
    aws_region                                    = "eu-west-2"
    alarm_email                                   = "ops@example.com"
    queue_name                                    = "sync-changes"
    dlq_name                                      = "sync-changes-dlq"
    function_name                                 = "sync-test-consumer"
    producer_log_group_name                       = "/ecs/sync-test/producer"
    cluster_arn                                   = "arn:aws:ecs:eu-west-2:123456789012:cluster/sync-test-cluster"
    producer_task_definition_arn_without_revision = "arn:aws:ecs:eu-west-2:123456789012:task-definition/sync-test-producer"
    watermark_max_lag_hours                       = 200
  }

  expect_failures = [var.watermark_max_lag_hours]
}

run "monitoring_rejects_a_revisioned_task_definition" {
  command = plan

  module {
    source = "./modules/monitoring"
  }

  variables {
    name                                          = "sync-test"
    aws_region                                    = "eu-west-2"
    alarm_email                                   = "ops@example.com"
    queue_name                                    = "sync-changes"
    dlq_name                                      = "sync-changes-dlq"
    function_name                                 = "sync-test-consumer"
    producer_log_group_name                       = "/ecs/sync-test/producer"
    cluster_arn                                   = "arn:aws:ecs:eu-west-2:123456789012:cluster/sync-test-cluster"
    producer_task_definition_arn_without_revision = "arn:aws:ecs:eu-west-2:123456789012:task-definition/sync-test-producer:3"
  }

  expect_failures = [var.producer_task_definition_arn_without_revision]
}
