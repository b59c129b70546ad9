# Apply-time checks against a mocked AWS provider: the mocks hand out realistic ARNs, so the policies,
# redrive settings and alarm actions that are built from ARNs can be decoded and asserted.

mock_provider "aws" {
  mock_resource "aws_sqs_queue" {
    defaults = {
      arn = "arn:aws:sqs:eu-west-2:123456789012:mock-queue"
      id  = "https://sqs.eu-west-2.amazonaws.com/123456789012/mock-queue"
      url = "https://sqs.eu-west-2.amazonaws.com/123456789012/mock-queue"
    }
  }
  mock_resource "aws_dynamodb_table" {
    defaults = { arn = "arn:aws:dynamodb:eu-west-2:123456789012:table/bamboohr-moodle-sync-state" }
  }
  mock_resource "aws_secretsmanager_secret" {
    defaults = { arn = "arn:aws:secretsmanager:eu-west-2:123456789012:secret:bamboohr-moodle-sync/credentials-AbCdEf" }
  }
  mock_resource "aws_ecr_repository" {
    defaults = {
      arn            = "arn:aws:ecr:eu-west-2:123456789012:repository/bamboohr-moodle-sync-producer"
      repository_url = "123456789012.dkr.ecr.eu-west-2.amazonaws.com/bamboohr-moodle-sync-producer"
    }
  }
  mock_resource "aws_ecs_cluster" {
    defaults = { arn = "arn:aws:ecs:eu-west-2:123456789012:cluster/bamboohr-moodle-sync-cluster" }
  }
  mock_resource "aws_ecs_task_definition" {
    defaults = {
      arn                  = "arn:aws:ecs:eu-west-2:123456789012:task-definition/bamboohr-moodle-sync-producer:1"
      arn_without_revision = "arn:aws:ecs:eu-west-2:123456789012:task-definition/bamboohr-moodle-sync-producer"
    }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/mock-role" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:eu-west-2:123456789012:log-group:mock" }
  }
  mock_resource "aws_lambda_function" {
    defaults = { arn = "arn:aws:lambda:eu-west-2:123456789012:function:bamboohr-moodle-sync-consumer" }
  }
  mock_resource "aws_sns_topic" {
    defaults = { arn = "arn:aws:sns:eu-west-2:123456789012:bamboohr-moodle-sync-alarms" }
  }
  mock_resource "aws_cloudwatch_metric_alarm" {
    defaults = { arn = "arn:aws:cloudwatch:eu-west-2:123456789012:alarm:mock" }
  }
  mock_resource "aws_cloudwatch_event_rule" {
    defaults = { arn = "arn:aws:events:eu-west-2:123456789012:rule/mock" }
  }
  mock_resource "aws_scheduler_schedule" {
    defaults = { arn = "arn:aws:scheduler:eu-west-2:123456789012:schedule/default/bamboohr-moodle-sync-nightly-sync" }
  }
  # The secret has a value (an AWSCURRENT version) unless a run says otherwise.
  mock_data "aws_secretsmanager_secret_versions" {
    defaults = {
      versions = [{ version_id = "v1", version_stages = ["AWSCURRENT"], created_time = "2026-01-15T10:00:00Z", last_accessed_date = "" }]
    }
  }
}

# Distinct ARNs and URLs for the two queues, so a swapped reference would show.
override_resource {
  target = module.queue.aws_sqs_queue.main
  values = {
    arn = "arn:aws:sqs:eu-west-2:123456789012:bamboohr-moodle-sync-changes"
    id  = "https://sqs.eu-west-2.amazonaws.com/123456789012/bamboohr-moodle-sync-changes"
    url = "https://sqs.eu-west-2.amazonaws.com/123456789012/bamboohr-moodle-sync-changes"
  }
}

override_resource {
  target = module.queue.aws_sqs_queue.dlq
  values = {
    arn = "arn:aws:sqs:eu-west-2:123456789012:bamboohr-moodle-sync-changes-dlq"
    id  = "https://sqs.eu-west-2.amazonaws.com/123456789012/bamboohr-moodle-sync-changes-dlq"
    url = "https://sqs.eu-west-2.amazonaws.com/123456789012/bamboohr-moodle-sync-changes-dlq"
  }
}

override_resource {
  target = module.producer.aws_iam_role.execution
  values = { arn = "arn:aws:iam::123456789012:role/bamboohr-moodle-sync-producer-execution" }
}

override_resource {
  target = module.producer.aws_iam_role.task
  values = { arn = "arn:aws:iam::123456789012:role/bamboohr-moodle-sync-producer-task" }
}

variables {
  bamboohr_base_url           = "https://api.bamboohr.com/api/gateway.php/acme/"
  moodle_base_url             = "https://learn.example.com/"
  producer_image_tag          = "test-1"
  subnet_ids                  = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
  security_group_ids          = ["sg-0123456789abcdef0"]
  secrets_extension_layer_arn = "arn:aws:lambda:eu-west-2:133256977650:layer:AWS-Parameters-and-Secrets-Lambda-Extension:17"
  alarm_email                 = "ops@example.com"
  # The offline mirror's AWS provider (5.100.0) predates the dotnet10 runtime; see plan.tftest.hcl.
  # Only "ships_dotnet10_by_default" goes without it, and it does not plan the function.
  consumer_lambda_runtime = "dotnet8"
}

run "redrive_to_dlq_after_max_receive_count" {
  variables {
    max_receive_count = 7
  }

  assert {
    condition     = jsondecode(module.queue.redrive_policy).maxReceiveCount == 7
    error_message = "The main queue must redrive after max_receive_count receives."
  }
  assert {
    condition     = jsondecode(module.queue.redrive_policy).deadLetterTargetArn == output.dlq_arn
    error_message = "The redrive target must be the DLQ."
  }
  assert {
    condition     = module.consumer.environment.Consumer__MaxAttempts == tostring(jsondecode(module.queue.redrive_policy).maxReceiveCount)
    error_message = "Consumer__MaxAttempts must equal the maxReceiveCount in the queue's redrive policy."
  }
  assert {
    condition = (
      jsondecode(module.queue.redrive_allow_policy).redrivePermission == "byQueue"
      && jsondecode(module.queue.redrive_allow_policy).sourceQueueArns == [output.queue_arn]
    )
    error_message = "Only the main queue may use the DLQ as dead-letter target."
  }
}

run "default_max_receive_count_is_five" {
  assert {
    condition     = jsondecode(module.queue.redrive_policy).maxReceiveCount == 5
    error_message = "max_receive_count must default to 5."
  }
  assert {
    condition     = output.queue_visibility_timeout_seconds == 6 * 60
    error_message = "Default visibility timeout must be 6 x the 60 s Lambda timeout."
  }
}

run "both_queues_deny_non_tls_access" {
  assert {
    condition = alltrue([
      for key, arn in { main = output.queue_arn, dlq = output.dlq_arn } : anytrue([
        for s in jsondecode(module.queue.queue_policies[key]).Statement :
        s.Effect == "Deny" && s.Principal == "*" && s.Resource == arn
        && s.Condition.Bool["aws:SecureTransport"] == "false"
        && contains(s.Action, "sqs:SendMessage") && contains(s.Action, "sqs:ReceiveMessage")
      ])
    ])
    error_message = "Each queue policy must deny requests with aws:SecureTransport = false on that queue."
  }
}

run "no_wildcard_actions_and_star_resource_only_for_ecr_token" {
  assert {
    condition = alltrue(flatten([
      for doc in output.policy_documents : [
        for s in jsondecode(doc).Statement : [
          for a in flatten([s.Action]) : a != "*" && !endswith(a, ":*") && !strcontains(a, "*")
        ]
      ]
    ]))
    error_message = "No IAM, queue or topic policy may grant or deny a wildcard action."
  }
  assert {
    condition = alltrue(flatten([
      for doc in output.policy_documents : [
        for s in jsondecode(doc).Statement :
        !contains(flatten([try(s.Resource, [])]), "*") || flatten([s.Action]) == ["ecr:GetAuthorizationToken"]
      ]
    ]))
    error_message = "Resource \"*\" is allowed only for ecr:GetAuthorizationToken."
  }
  assert {
    condition     = length(output.policy_documents) == 11
    error_message = "Expected 11 policy documents (6 producer, 2 consumer, 2 queue, 1 topic); a new one must be added to the check."
  }
}

run "producer_policies_name_their_resources" {
  assert {
    condition = anytrue([
      for s in jsondecode(module.producer.iam_policies.task).Statement :
      s.Resource == output.queue_arn && contains(s.Action, "sqs:SendMessage")
    ])
    error_message = "The producer task role must be allowed to send to the main queue, by ARN."
  }
  assert {
    condition = anytrue([
      for s in jsondecode(module.producer.iam_policies.execution).Statement :
      s.Resource == output.secret_arn && s.Action == ["secretsmanager:GetSecretValue"]
    ])
    error_message = "The execution role must read the secret (by ARN) to inject it."
  }
  assert {
    condition = anytrue([
      for s in jsondecode(module.producer.iam_policies.scheduler).Statement :
      s.Action == ["iam:PassRole"] && toset(s.Resource) == toset([module.producer.execution_role_arn, module.producer.task_role_arn])
    ])
    error_message = "The scheduler role may pass exactly the producer's two roles."
  }
}

run "consumer_policy_reads_queue_and_secret" {
  assert {
    condition = anytrue([
      for s in jsondecode(module.consumer.iam_policies.permissions).Statement :
      s.Resource == output.queue_arn && contains(s.Action, "sqs:ReceiveMessage") && contains(s.Action, "sqs:DeleteMessage")
    ])
    error_message = "The consumer must receive and delete on the main queue."
  }
  assert {
    condition = anytrue([
      for s in jsondecode(module.consumer.iam_policies.permissions).Statement :
      s.Resource == output.secret_arn && s.Action == ["secretsmanager:GetSecretValue"]
    ])
    error_message = "The consumer must read the secret through the extension."
  }
  assert {
    condition     = module.consumer.environment.Secrets__SecretId == output.secret_arn
    error_message = "Secrets__SecretId must be the secret ARN."
  }
  assert {
    condition = (
      module.consumer.environment.Queue__QueueUrl == output.queue_url
      && module.consumer.environment.Queue__DeadLetterQueueUrl == output.dlq_url
      && module.consumer.environment.State__TableName == output.table_name
    )
    error_message = "Queue URLs and table name must reach the Lambda."
  }
  assert {
    condition     = module.consumer.event_source_mapping.event_source_arn == output.queue_arn
    error_message = "The event source mapping must read the main queue."
  }
}

run "producer_task_injects_secrets_from_json_keys" {
  assert {
    condition = toset(jsondecode(module.producer.container_definitions)[0].secrets) == toset([
      { name = "BambooHr__ApiKey", valueFrom = "${output.secret_arn}:bamboohr_api_key::" },
      { name = "Moodle__Token", valueFrom = "${output.secret_arn}:moodle_token::" },
    ])
    error_message = "Secrets must be injected from the secret's JSON keys."
  }
  assert {
    condition = alltrue([
      for e in jsondecode(module.producer.container_definitions)[0].environment :
      !contains(["BambooHr__ApiKey", "Moodle__Token"], e.name)
    ])
    error_message = "No secret may appear as a plain environment variable."
  }
  assert {
    condition = {
      for e in jsondecode(module.producer.container_definitions)[0].environment : e.name => e.value
      } == {
      AWS_REGION                = "eu-west-2"
      BambooHr__BaseUrl         = "https://api.bamboohr.com/api/gateway.php/acme/"
      Moodle__BaseUrl           = "https://learn.example.com/"
      Queue__QueueUrl           = output.queue_url
      Queue__DeadLetterQueueUrl = output.dlq_url
      State__TableName          = output.table_name
      Sync__Wait                = "00:30:00"
    }
    error_message = "The producer's environment must carry exactly the documented keys."
  }
  assert {
    condition = (
      jsondecode(module.producer.container_definitions)[0].logConfiguration.logDriver == "awslogs"
      && jsondecode(module.producer.container_definitions)[0].logConfiguration.options.awslogs-group == output.producer_log_group_name
      && jsondecode(module.producer.container_definitions)[0].command == ["sync"]
    )
    error_message = "The producer must run `sync` and log through awslogs to its log group."
  }
}

run "schedule_targets_cluster_with_scheduler_role" {
  assert {
    condition     = module.producer.schedule_target.arn == output.cluster_arn
    error_message = "The schedule must target the ECS cluster."
  }
  assert {
    condition     = module.producer.schedule_target.task_definition_arn == module.producer.task_definition_arn_without_revision
    error_message = "The schedule must start the latest revision of the producer family."
  }
}

run "full_sync_starts_the_same_task_with_sync_full" {
  assert {
    condition = (
      module.producer.full_sync_schedule_target.arn == output.cluster_arn
      && module.producer.full_sync_schedule_target.role_arn == module.producer.schedule_target.role_arn
      && module.producer.full_sync_schedule_target.task_definition_arn == module.producer.task_definition_arn_without_revision
    )
    error_message = "The full sync must start the latest revision of the producer family on the cluster, with the scheduler role."
  }
  assert {
    condition     = module.producer.full_sync_schedule_target.command == ["sync", "--full"] && jsondecode(module.producer.container_definitions)[0].command == ["sync"]
    error_message = "Only the full sync's override may add --full; the task definition itself runs `sync`."
  }
  assert {
    condition     = output.full_sync_schedule_name == "bamboohr-moodle-sync-full-sync" && output.full_sync_schedule_state == "ENABLED"
    error_message = "With a secret value the full-sync schedule must exist under its own name and be ENABLED."
  }
}

run "every_alarm_notifies_the_topic" {
  assert {
    condition = alltrue([
      for a in module.monitoring.alarms :
      a.alarm_actions == toset([output.sns_topic_arn]) && a.ok_actions == toset([output.sns_topic_arn])
    ])
    error_message = "Every alarm must notify the SNS topic on ALARM and OK."
  }
  assert {
    condition     = length(module.monitoring.alarms) == 7
    error_message = "Expected 7 alarms: DLQ, oldest message, backlog, Lambda errors, Lambda throttles, sync failed, watermark lag."
  }
  assert {
    condition     = module.monitoring.email_subscription.protocol == "email" && module.monitoring.email_subscription.endpoint == "ops@example.com"
    error_message = "The topic must have the e-mail subscription."
  }
}

run "outcome_rules_match_stopped_producer_tasks" {
  assert {
    condition = alltrue([
      for r in module.monitoring.sync_outcome_rules :
      r.target_arn == output.sns_topic_arn
      && jsondecode(r.event_pattern).detail.lastStatus == ["STOPPED"]
      && jsondecode(r.event_pattern)["detail-type"] == ["ECS Task State Change"]
      && jsondecode(r.event_pattern).detail.clusterArn == [output.cluster_arn]
      && jsondecode(r.event_pattern).detail.taskDefinitionArn == [{ prefix = "${module.producer.task_definition_arn_without_revision}:" }]
    ])
    error_message = "Both outcome rules must match STOPPED producer tasks of this cluster and notify the topic."
  }
  assert {
    condition     = jsondecode(module.monitoring.sync_outcome_rules.succeeded.event_pattern).detail.containers.exitCode == [{ numeric = ["=", 0] }]
    error_message = "The success rule must match exit code 0 only."
  }
  assert {
    condition = (
      contains(jsondecode(module.monitoring.sync_outcome_rules.failed.event_pattern).detail["$or"], { containers = { exitCode = [{ anything-but = 0 }] } })
      && contains(jsondecode(module.monitoring.sync_outcome_rules.failed.event_pattern).detail["$or"], { containers = { exitCode = [{ exists = false }] } })
    )
    error_message = "The failure rule must match any exit code but 0, and a missing exit code."
  }
  assert {
    condition = anytrue([
      for s in jsondecode(module.monitoring.sns_topic_policy).Statement :
      s.Principal == { Service = "events.amazonaws.com" } && s.Action == ["sns:Publish"] && s.Resource == output.sns_topic_arn
    ])
    error_message = "The topic policy must let EventBridge publish."
  }
}

run "outputs_pass_network_through" {
  assert {
    condition     = output.subnet_ids == var.subnet_ids && output.security_group_ids == var.security_group_ids
    error_message = "Subnets and security groups must be passed through to the outputs."
  }
  assert {
    condition = (
      output.task_definition_family == "bamboohr-moodle-sync-producer"
      && output.schedule_name == "bamboohr-moodle-sync-nightly-sync"
      && output.lambda_function_name == "bamboohr-moodle-sync-consumer"
      && output.producer_log_group_name == "/ecs/bamboohr-moodle-sync/producer"
      && output.consumer_log_group_name == "/aws/lambda/bamboohr-moodle-sync-consumer"
      && output.ecr_repository_url == "123456789012.dkr.ecr.eu-west-2.amazonaws.com/bamboohr-moodle-sync-producer"
    )
    error_message = "Outputs must name the family, schedule, function, log groups and repository."
  }
  assert {
    condition     = output.aws_region == "eu-west-2"
    error_message = "The region must be read from the queue's ARN."
  }
}

run "schedule_enabled_once_the_secret_has_a_value" {
  assert {
    condition     = output.schedule_state == "ENABLED" && module.producer.secret_has_value
    error_message = "With an AWSCURRENT version of the secret the schedule must be ENABLED."
  }
}

run "schedule_disabled_while_the_secret_has_no_value" {
  override_data {
    target = module.producer.data.aws_secretsmanager_secret_versions.injected
    values = { versions = [] }
  }

  # The check tells the operator why, as a warning on plan and apply.
  expect_failures = [check.schedule_waits_for_the_secret]

  assert {
    condition     = output.schedule_state == "DISABLED" && output.full_sync_schedule_state == "DISABLED"
    error_message = "A secret without a value must leave both schedules DISABLED."
  }
}

run "schedule_disabled_while_the_only_version_is_pending" {
  override_data {
    target = module.producer.data.aws_secretsmanager_secret_versions.injected
    values = { versions = [{ version_id = "v2", version_stages = ["AWSPENDING"], created_time = "2026-01-15T10:00:00Z", last_accessed_date = "" }] }
  }

  expect_failures = [check.schedule_waits_for_the_secret]

  assert {
    condition     = output.schedule_state == "DISABLED"
    error_message = "Only an AWSCURRENT version counts: ECS injects AWSCURRENT."
  }
}

run "paused_schedule_stays_disabled_with_a_value" {
  variables {
    schedule_enabled = false
  }

  assert {
    condition     = output.schedule_state == "DISABLED" && output.full_sync_schedule_state == "DISABLED" && module.producer.secret_has_value
    error_message = "schedule_enabled = false must keep both schedules DISABLED even when the secret has a value."
  }
}

run "settings_parameter_holds_what_pipeline_stack_reads" {
  # src/Producer/Cli/StackSettings.cs reads these keys; a renamed one would leave `pipeline --stack` without it.
  assert {
    condition     = aws_ssm_parameter.settings.name == "/bamboohr-moodle-sync/pipeline/settings" && output.settings_parameter_name == aws_ssm_parameter.settings.name
    error_message = "The settings parameter must be /<project>/pipeline/settings, got ${aws_ssm_parameter.settings.name}."
  }
  assert {
    condition     = aws_ssm_parameter.settings.type == "String"
    error_message = "The settings parameter must be a plain String (it holds no secret; `pipeline --stack` reads it without a KMS grant)."
  }
  assert {
    condition = jsondecode(aws_ssm_parameter.settings.value) == {
      stack             = "bamboohr-moodle-sync"
      region            = "eu-west-2"
      queue_url         = "https://sqs.eu-west-2.amazonaws.com/123456789012/bamboohr-moodle-sync-changes"
      dlq_url           = "https://sqs.eu-west-2.amazonaws.com/123456789012/bamboohr-moodle-sync-changes-dlq"
      state_table_name  = "bamboohr-moodle-sync-state"
      moodle_base_url   = "https://learn.example.com/"
      bamboohr_base_url = "https://api.bamboohr.com/api/gateway.php/acme/"
      secret_arn        = "arn:aws:secretsmanager:eu-west-2:123456789012:secret:bamboohr-moodle-sync/credentials-AbCdEf"
    }
    error_message = "The settings parameter must hold the stack, region, both queue URLs, the table, both base URLs and the secret ARN (the value is sensitive in the provider, so it is not shown here)."
  }
}

run "settings_parameter_follows_the_project_name" {
  variables {
    project = "hr-sync-test"
  }

  assert {
    condition     = aws_ssm_parameter.settings.name == "/hr-sync-test/pipeline/settings" && jsondecode(aws_ssm_parameter.settings.value).stack == "hr-sync-test"
    error_message = "The parameter's name and its stack key must follow var.project (what `--stack` names)."
  }
  assert {
    condition     = jsondecode(aws_ssm_parameter.settings.value).state_table_name == "hr-sync-test-state"
    error_message = "The table name in the settings must be the stack's table."
  }
}

run "ships_dotnet10_by_default" {
  variables {
    # null stands for the variable's default (it is not nullable).
    consumer_lambda_runtime = null
  }

  # 5.100.0 rejects dotnet10 when it plans the function, so the consumer module is replaced here;
  # plan.tftest.hcl shows that consumer_lambda_runtime is what the function gets.
  override_module {
    target = module.consumer
    outputs = {
      function_name  = "bamboohr-moodle-sync-consumer"
      log_group_name = "/aws/lambda/bamboohr-moodle-sync-consumer"
      iam_policies   = { trust = "{\"Statement\":[]}", permissions = "{\"Statement\":[]}" }
    }
  }

  assert {
    condition     = var.consumer_lambda_runtime == "dotnet10"
    error_message = "The consumer's runtime must default to dotnet10, the runtime of the .NET 10 application."
  }
}
