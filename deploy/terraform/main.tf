# The whole stack as one module. It holds no provider block, so it can be applied where it stands (the
# provider then takes its region and credentials from the environment: AWS_REGION, AWS_PROFILE, ...) and
# called from another root module (examples/minimal, examples/complete) with that root's provider.

locals {
  # Every resource's region is the provider's; it is read from an ARN rather than from data.aws_region,
  # whose attributes differ between provider 5.x (name) and 6.x (region).
  region = split(":", module.queue.queue_arn)[3]

  tags = merge({ Project = var.project, ManagedBy = "terraform" }, var.tags)

  # AWS advises a visibility timeout of at least 6 x the function timeout for Lambda SQS event sources:
  # a message must not reappear while a (retried) invocation still holds it.
  minimum_visibility_timeout = 6 * var.consumer_lambda_timeout_seconds
  queue_visibility_timeout   = coalesce(var.queue_visibility_timeout_seconds, local.minimum_visibility_timeout)

  # path.module, not path.root: the default must hold when an example calls this directory as a module.
  consumer_zip_path = coalesce(var.consumer_zip_path, "${path.module}/../../artifacts/package/consumer-lambda.zip")

  # Settings both the producer and the consumer read (names are .NET configuration keys).
  shared_environment = {
    Moodle__BaseUrl           = var.moodle_base_url
    Queue__QueueUrl           = module.queue.queue_url
    Queue__DeadLetterQueueUrl = module.queue.dlq_url
    State__TableName          = module.state_table.name
  }

  producer_environment = merge(
    local.shared_environment,
    {
      BambooHr__BaseUrl = var.bamboohr_base_url
      AWS_REGION        = local.region
      Sync__Wait        = var.producer_sync_wait
    },
    var.otel_exporter_otlp_endpoint == "" ? {} : { OTEL_EXPORTER_OTLP_ENDPOINT = var.otel_exporter_otlp_endpoint },
  )
}

module "queue" {
  source = "./modules/queue"

  name                       = "${var.project}-changes"
  visibility_timeout_seconds = local.queue_visibility_timeout
  message_retention_seconds  = var.queue_message_retention_seconds
  max_receive_count          = var.max_receive_count
  tags                       = local.tags
}

module "state_table" {
  source = "./modules/state_table"

  name                        = "${var.project}-state"
  deletion_protection_enabled = var.table_deletion_protection
  tags                        = local.tags
}

module "secret" {
  source = "./modules/secret"

  name                    = "${var.project}/credentials"
  recovery_window_in_days = var.secret_recovery_window_in_days
  tags                    = local.tags
}

module "producer" {
  source = "./modules/producer"

  name                               = var.project
  aws_region                         = local.region
  image_tag                          = var.producer_image_tag
  image_tag_mutability               = var.ecr_image_tag_mutability
  cpu                                = var.producer_cpu
  memory                             = var.producer_memory
  environment                        = local.producer_environment
  secret_arn                         = module.secret.arn
  queue_arn                          = module.queue.queue_arn
  dlq_arn                            = module.queue.dlq_arn
  table_arn                          = module.state_table.arn
  log_retention_days                 = var.log_retention_days
  container_insights                 = var.container_insights
  schedule_expression                = var.schedule_expression
  full_sync_schedule_expression      = var.full_sync_schedule_expression
  schedule_timezone                  = var.schedule_timezone
  schedule_enabled                   = var.schedule_enabled
  schedule_maximum_retry_attempts    = var.schedule_maximum_retry_attempts
  schedule_maximum_event_age_seconds = var.schedule_maximum_event_age_seconds
  subnet_ids                         = var.subnet_ids
  security_group_ids                 = var.security_group_ids
  assign_public_ip                   = var.assign_public_ip
  tags                               = local.tags
}

# The producer module keeps the schedule DISABLED until the secret has a current version (a task started
# earlier could only fail at secret injection). This says so on every plan and apply until it does.
check "schedule_waits_for_the_secret" {
  assert {
    condition     = var.schedule_enabled ? module.producer.secret_has_value : true
    error_message = "The nightly and full-sync schedules stay DISABLED until the secret has a value: set it with `aws secretsmanager put-secret-value --secret-id ${module.secret.arn} ...` (README, Deploy to AWS, step 5), then apply again."
  }
}

module "consumer" {
  source = "./modules/consumer"

  name        = var.project
  zip_path    = local.consumer_zip_path
  runtime     = var.consumer_lambda_runtime
  memory_size = var.consumer_lambda_memory_mb
  timeout     = var.consumer_lambda_timeout_seconds
  # The queue module's own value, so Consumer__MaxAttempts and the redrive maxReceiveCount cannot differ.
  queue_max_receive_count            = module.queue.max_receive_count
  secrets_extension_layer_arn        = var.secrets_extension_layer_arn
  secrets_cache_ttl_seconds          = var.secrets_cache_ttl_seconds
  secret_arn                         = module.secret.arn
  environment                        = local.shared_environment
  queue_arn                          = module.queue.queue_arn
  dlq_arn                            = module.queue.dlq_arn
  table_arn                          = module.state_table.arn
  batch_size                         = var.consumer_batch_size
  maximum_batching_window_in_seconds = var.consumer_batching_window_seconds
  maximum_concurrency                = var.consumer_maximum_concurrency
  log_retention_days                 = var.log_retention_days
  tags                               = local.tags
}

module "monitoring" {
  source = "./modules/monitoring"

  name                                          = var.project
  aws_region                                    = local.region
  alarm_email                                   = var.alarm_email
  queue_name                                    = module.queue.queue_name
  dlq_name                                      = module.queue.dlq_name
  function_name                                 = module.consumer.function_name
  producer_log_group_name                       = module.producer.log_group_name
  cluster_arn                                   = module.producer.cluster_arn
  producer_task_definition_arn_without_revision = module.producer.task_definition_arn_without_revision
  alarm_period_seconds                          = var.alarm_period_seconds
  dlq_visible_threshold                         = var.dlq_alarm_threshold
  oldest_message_age_threshold_seconds          = var.queue_oldest_message_threshold_seconds
  backlog_threshold                             = var.backlog_threshold
  backlog_evaluation_periods                    = var.backlog_evaluation_periods
  lambda_errors_threshold                       = var.lambda_errors_threshold
  lambda_throttles_threshold                    = var.lambda_throttles_threshold
  watermark_max_lag_hours                       = var.watermark_max_lag_hours
  tags                                          = local.tags
}
