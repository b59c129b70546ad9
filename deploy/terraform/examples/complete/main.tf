# A root that sets every input of the stack, with the provider's region and default tags its own.
# The values are the defaults unless a comment says otherwise. To deploy from another repository, copy this
# directory there, point `source` at this one (git::https://<host>/<repo>.git//deploy/terraform?ref=<tag>)
# and set consumer_zip_path; put the environment's values in terraform.tfvars (terraform.tfvars.example), then:
#
#   terraform init && terraform apply      # then README.md, "Deploy to AWS", steps 3 to 6

terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # A fresh `terraform init` picks the newest 6.x, which deploys the consumer on dotnet10 (6.27.0 and
      # later know it). 5.100 stays allowed so that deploy/test.sh can validate this root offline.
      version = ">= 5.100, < 7.0"
    }
  }

  # Keep the state where the team can reach it and lock it, e.g.:
  # backend "s3" {
  #   bucket       = "acme-terraform-state"
  #   key          = "bamboohr-moodle-sync/terraform.tfstate"
  #   region       = "eu-west-2"
  #   use_lockfile = true
  # }
}

provider "aws" {
  region = var.aws_region

  # Tags on everything, including what the module does not tag itself (it tags what takes tags).
  default_tags {
    tags = { CostCentre = var.cost_centre }
  }
}

module "sync" {
  source = "../.."

  # general
  project            = var.project
  tags               = { Environment = var.environment }
  log_retention_days = 90 # default 30

  # external services
  bamboohr_base_url              = var.bamboohr_base_url
  moodle_base_url                = var.moodle_base_url
  secret_recovery_window_in_days = 30

  # queue
  max_receive_count                = 5
  queue_message_retention_seconds  = 345600
  queue_visibility_timeout_seconds = null # 6 x consumer_lambda_timeout_seconds

  # state
  table_deletion_protection = true

  # producer (ECS Fargate task)
  producer_image_tag          = var.producer_image_tag
  ecr_image_tag_mutability    = "IMMUTABLE"
  producer_cpu                = 256
  producer_memory             = 512
  producer_sync_wait          = "00:30:00"
  otel_exporter_otlp_endpoint = ""
  container_insights          = false
  subnet_ids                  = var.subnet_ids
  security_group_ids          = var.security_group_ids
  assign_public_ip            = false

  # schedule (DISABLED until the secret has a value, whatever schedule_enabled says)
  schedule_expression                = "cron(0 3 * * ? *)"
  full_sync_schedule_expression      = "cron(0 4 ? * SUN *)" # "" = no weekly full sync
  schedule_timezone                  = "Europe/London"
  schedule_enabled                   = true
  schedule_maximum_retry_attempts    = 3
  schedule_maximum_event_age_seconds = 3600

  # consumer (Lambda)
  consumer_zip_path                = null # null = <this repository>/artifacts/package/consumer-lambda.zip (package.sh)
  consumer_lambda_runtime          = "dotnet10"
  consumer_lambda_memory_mb        = 512
  consumer_lambda_timeout_seconds  = 60 # Consumer__InvocationBudget becomes 00:00:48
  consumer_batch_size              = 10
  consumer_batching_window_seconds = 0
  consumer_maximum_concurrency     = 5
  secrets_extension_layer_arn      = var.secrets_extension_layer_arn
  secrets_cache_ttl_seconds        = 300

  # alarms
  alarm_email                            = var.alarm_email
  alarm_period_seconds                   = 300
  dlq_alarm_threshold                    = 1
  queue_oldest_message_threshold_seconds = 3600
  backlog_threshold                      = 1000
  backlog_evaluation_periods             = 3
  lambda_errors_threshold                = 1
  lambda_throttles_threshold             = 1
  watermark_max_lag_hours                = 26
}
