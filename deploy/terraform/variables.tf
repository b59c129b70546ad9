# ---------------------------------------------------------------- general

variable "project" {
  description = "Name of this deployment; prefixes every resource and starts every notification (\"<project>: BambooHR->Moodle sync SUCCEEDED.\")."
  type        = string
  default     = "bamboohr-moodle-sync"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}[a-z0-9]$", var.project))
    error_message = "project must be 4-32 characters of lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "tags" {
  description = "Tags added to every resource that takes tags, after Project = <project> and ManagedBy = terraform."
  type        = map(string)
  default     = {}
}

variable "log_retention_days" {
  description = "Retention of the producer and consumer log groups, in days."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ...)."
  }
}

# ---------------------------------------------------------------- external services

variable "bamboohr_base_url" {
  description = "BambooHR API base URL, e.g. https://api.bamboohr.com/api/gateway.php/<company>/ (BambooHr__BaseUrl)."
  type        = string

  validation {
    condition     = can(regex("^https://[^\\s]+/$", var.bamboohr_base_url))
    error_message = "bamboohr_base_url must be an https:// URL ending in a slash."
  }
}

variable "moodle_base_url" {
  description = "Moodle site root, e.g. https://learn.example.com/ (Moodle__BaseUrl; the client appends webservice/rest/server.php)."
  type        = string

  validation {
    condition     = can(regex("^https://[^\\s]+$", var.moodle_base_url))
    error_message = "moodle_base_url must be an https:// URL."
  }
}

variable "secret_recovery_window_in_days" {
  description = "Days a deleted secret can still be restored (0 = delete at once, else 7-30)."
  type        = number
  default     = 30

  validation {
    condition     = var.secret_recovery_window_in_days == 0 || (var.secret_recovery_window_in_days >= 7 && var.secret_recovery_window_in_days <= 30)
    error_message = "secret_recovery_window_in_days must be 0 or between 7 and 30."
  }
}

# ---------------------------------------------------------------- queue

variable "max_receive_count" {
  description = "Deliveries of one message before SQS moves it to the dead-letter queue; the consumer gets the same number as Consumer__MaxAttempts. The Lambda consumer cannot pause on a Moodle outage, so this (with the 10 s doubling redelivery backoff) is how long an outage may last before messages reach the DLQ as redrive_max_receives: 5 is about 2.5 minutes, 8 about 15."
  type        = number
  default     = 5

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000 && floor(var.max_receive_count) == var.max_receive_count
    error_message = "max_receive_count must be a whole number between 1 and 1000."
  }
}

variable "queue_message_retention_seconds" {
  description = "How long the main queue keeps an unconsumed message (60 s - 14 days)."
  type        = number
  default     = 345600

  validation {
    condition     = var.queue_message_retention_seconds >= 60 && var.queue_message_retention_seconds <= 1209600
    error_message = "queue_message_retention_seconds must be between 60 and 1209600."
  }
}

variable "queue_visibility_timeout_seconds" {
  description = "Visibility timeout of the main queue. null (default) = 6 x consumer_lambda_timeout_seconds; a value given must be at least that."
  type        = number
  default     = null

  validation {
    condition     = var.queue_visibility_timeout_seconds == null ? true : (var.queue_visibility_timeout_seconds >= 0 && var.queue_visibility_timeout_seconds <= 43200)
    error_message = "queue_visibility_timeout_seconds must be between 0 and 43200 (12 hours)."
  }
}

# ---------------------------------------------------------------- state

variable "table_deletion_protection" {
  description = "DynamoDB deletion protection on the state table."
  type        = bool
  default     = true
}

# ---------------------------------------------------------------- producer

variable "producer_image_tag" {
  description = "Tag of the producer image in the ECR repository this module creates (e.g. the git commit)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.producer_image_tag))
    error_message = "producer_image_tag must be a valid image tag (letters, digits, _, . and -, at most 128)."
  }
}

variable "ecr_image_tag_mutability" {
  description = "IMMUTABLE (default: a tag always names the same image) or MUTABLE."
  type        = string
  default     = "IMMUTABLE"

  validation {
    condition     = contains(["IMMUTABLE", "MUTABLE"], var.ecr_image_tag_mutability)
    error_message = "ecr_image_tag_mutability must be IMMUTABLE or MUTABLE."
  }
}

variable "producer_cpu" {
  description = "Fargate CPU units of the producer task."
  type        = number
  default     = 256

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096], var.producer_cpu)
    error_message = "producer_cpu must be 256, 512, 1024, 2048 or 4096."
  }
}

variable "producer_memory" {
  description = "Memory (MiB) of the producer task; must suit producer_cpu (Fargate's table)."
  type        = number
  default     = 512

  validation {
    condition     = var.producer_memory >= 512 && var.producer_memory <= 30720
    error_message = "producer_memory must be between 512 and 30720 MiB."
  }
}

variable "producer_sync_wait" {
  description = "Sync__Wait: how long a sync waits for the consumers to drain its run before exiting as \"draining\" (hh:mm:ss)."
  type        = string
  default     = "00:30:00"

  validation {
    condition     = can(regex("^[0-9]{2}:[0-5][0-9]:[0-5][0-9]$", var.producer_sync_wait))
    error_message = "producer_sync_wait must be hh:mm:ss, e.g. 00:30:00."
  }
}

variable "otel_exporter_otlp_endpoint" {
  description = "OTEL_EXPORTER_OTLP_ENDPOINT for traces and metrics (empty = not set)."
  type        = string
  default     = ""
}

variable "container_insights" {
  description = "CloudWatch Container Insights on the ECS cluster."
  type        = bool
  default     = false
}

variable "subnet_ids" {
  description = "Subnets of the producer task (outbound HTTPS to BambooHR, Moodle and AWS APIs needed)."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 1 && alltrue([for s in var.subnet_ids : can(regex("^subnet-([0-9a-f]{8}|[0-9a-f]{17})$", s))])
    error_message = "subnet_ids must hold at least one subnet id (subnet-xxxxxxxx or subnet-xxxxxxxxxxxxxxxxx)."
  }
}

variable "security_group_ids" {
  description = "Security groups of the producer task."
  type        = list(string)

  validation {
    condition     = length(var.security_group_ids) >= 1 && alltrue([for s in var.security_group_ids : can(regex("^sg-([0-9a-f]{8}|[0-9a-f]{17})$", s))])
    error_message = "security_group_ids must hold at least one security group id (sg-...)."
  }
}

variable "assign_public_ip" {
  description = "Public IP for the task: needed in public subnets without a NAT gateway."
  type        = bool
  default     = false
}

# ---------------------------------------------------------------- schedule

variable "schedule_expression" {
  description = "EventBridge Scheduler expression of the nightly sync."
  type        = string
  default     = "cron(0 3 * * ? *)"

  validation {
    condition     = can(regex("^(cron\\([^)]+\\)|rate\\([1-9][0-9]* (minute|minutes|hour|hours|day|days)\\)|at\\([0-9T:-]+\\))$", var.schedule_expression))
    error_message = "schedule_expression must be cron(...), rate(N unit) or at(yyyy-mm-ddThh:mm:ss)."
  }
}

variable "full_sync_schedule_expression" {
  description = "EventBridge Scheduler expression of the weekly full sync (`sync --full`: every BambooHR employee compared with Moodle, drift corrected, orphans counted), in schedule_timezone. Null or \"\" creates no full-sync schedule. Default: Sundays 04:00, an hour after the nightly run."
  type        = string
  default     = "cron(0 4 ? * SUN *)"

  validation {
    condition     = trimspace(coalesce(var.full_sync_schedule_expression, " ")) == "" || can(regex("^(cron\\([^)]+\\)|rate\\([1-9][0-9]* (minute|minutes|hour|hours|day|days)\\)|at\\([0-9T:-]+\\))$", var.full_sync_schedule_expression))
    error_message = "full_sync_schedule_expression must be cron(...), rate(N unit), at(yyyy-mm-ddThh:mm:ss), or \"\" / null for no full-sync schedule."
  }
}

variable "schedule_timezone" {
  description = "IANA time zone of the schedule (Europe/London follows BST/GMT)."
  type        = string
  default     = "Europe/London"

  validation {
    condition = contains(["UTC", "GMT", "Etc/UTC"], var.schedule_timezone) || can(regex(
      "^(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[A-Z][A-Za-z_-]+(/[A-Z][A-Za-z_-]+)?$",
      var.schedule_timezone
    ))
    error_message = "schedule_timezone must be an IANA zone name such as Europe/London, America/Argentina/Buenos_Aires or UTC."
  }
}

variable "schedule_enabled" {
  description = "Whether the nightly and full-sync schedules run (false pauses both without destroying them). Even when true it stays DISABLED until the secret has a value (README, \"Deploy to AWS\")."
  type        = bool
  default     = true
}

variable "schedule_maximum_retry_attempts" {
  description = "Scheduler retries when RunTask itself fails (0-185)."
  type        = number
  default     = 3

  validation {
    condition     = var.schedule_maximum_retry_attempts >= 0 && var.schedule_maximum_retry_attempts <= 185
    error_message = "schedule_maximum_retry_attempts must be between 0 and 185."
  }
}

variable "schedule_maximum_event_age_seconds" {
  description = "How long Scheduler keeps retrying one invocation (60-86400 s)."
  type        = number
  default     = 3600

  validation {
    condition     = var.schedule_maximum_event_age_seconds >= 60 && var.schedule_maximum_event_age_seconds <= 86400
    error_message = "schedule_maximum_event_age_seconds must be between 60 and 86400."
  }
}

# ---------------------------------------------------------------- consumer

variable "consumer_zip_path" {
  description = "Lambda zip built by package.sh; null = <repo>/artifacts/package/consumer-lambda.zip."
  type        = string
  default     = null
}

variable "consumer_lambda_runtime" {
  description = "Lambda managed runtime of the consumer (null = the default). The application targets .NET 10, so dotnet10 is the one that runs it; AWS provider 6.27.0 or later knows it (5.x rejects it at plan, see versions.tf)."
  type        = string
  default     = "dotnet10"
  nullable    = false

  validation {
    condition     = can(regex("^dotnet[0-9]+$", var.consumer_lambda_runtime))
    error_message = "consumer_lambda_runtime must be a .NET managed runtime such as dotnet10."
  }
}

variable "consumer_lambda_memory_mb" {
  description = "Consumer Lambda memory (MB)."
  type        = number
  default     = 512

  validation {
    condition     = var.consumer_lambda_memory_mb >= 128 && var.consumer_lambda_memory_mb <= 10240
    error_message = "consumer_lambda_memory_mb must be between 128 and 10240."
  }
}

variable "consumer_lambda_timeout_seconds" {
  description = "Consumer Lambda timeout (s). The queue's visibility timeout follows it (x 6) and so does the consumer's time budget, Consumer__InvocationBudget (the timeout less the smaller of 20 % and 30 s; see modules/consumer/main.tf)."
  type        = number
  default     = 60

  validation {
    condition     = var.consumer_lambda_timeout_seconds >= 10 && var.consumer_lambda_timeout_seconds <= 900 && floor(var.consumer_lambda_timeout_seconds) == var.consumer_lambda_timeout_seconds
    error_message = "consumer_lambda_timeout_seconds must be a whole number between 10 and 900 (below 10 s the consumer's budget would not cover one Moodle call and its settlement)."
  }
}

variable "consumer_batch_size" {
  description = "Messages per Lambda invocation (1-10000; above 10 needs consumer_batching_window_seconds >= 1)."
  type        = number
  default     = 10

  validation {
    condition     = var.consumer_batch_size >= 1 && var.consumer_batch_size <= 10000
    error_message = "consumer_batch_size must be between 1 and 10000."
  }
}

variable "consumer_batching_window_seconds" {
  description = "How long the event source gathers a batch (0-300 s)."
  type        = number
  default     = 0

  validation {
    condition     = var.consumer_batching_window_seconds >= 0 && var.consumer_batching_window_seconds <= 300
    error_message = "consumer_batching_window_seconds must be between 0 and 300."
  }
}

variable "consumer_maximum_concurrency" {
  description = "Most concurrent consumer invocations the SQS event source starts: the cap on parallel Moodle calls (2-1000)."
  type        = number
  default     = 5

  validation {
    condition     = var.consumer_maximum_concurrency >= 2 && var.consumer_maximum_concurrency <= 1000
    error_message = "consumer_maximum_concurrency must be between 2 and 1000 (the limits of SQS event source scaling_config)."
  }
}

variable "secrets_extension_layer_arn" {
  description = "ARN of the AWS Parameters and Secrets Lambda Extension layer for the deployment's region and the x86_64 architecture (AWS publishes one per region)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:layer:[A-Za-z0-9_-]+:[0-9]+$", var.secrets_extension_layer_arn))
    error_message = "secrets_extension_layer_arn must be a versioned layer ARN (arn:aws:lambda:<region>:<account>:layer:<name>:<version>)."
  }
}

variable "secrets_cache_ttl_seconds" {
  description = "How long the Lambda extension caches the secret (0-300 s): a rotated value reaches the consumer within this time."
  type        = number
  default     = 300

  validation {
    condition     = var.secrets_cache_ttl_seconds >= 0 && var.secrets_cache_ttl_seconds <= 300
    error_message = "secrets_cache_ttl_seconds must be between 0 and 300."
  }
}

# ---------------------------------------------------------------- alarms

variable "alarm_email" {
  description = "E-mail address that receives alarms and the nightly SUCCEEDED/FAILED message (confirm the subscription mail once)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$", var.alarm_email))
    error_message = "alarm_email must be one e-mail address, e.g. ops@example.com."
  }
}

variable "alarm_period_seconds" {
  description = "Period of the queue and Lambda alarms (s)."
  type        = number
  default     = 300

  validation {
    condition     = contains([60, 300, 900, 3600], var.alarm_period_seconds)
    error_message = "alarm_period_seconds must be 60, 300, 900 or 3600."
  }
}

variable "dlq_alarm_threshold" {
  description = "Alarm when the DLQ holds at least this many visible messages."
  type        = number
  default     = 1

  validation {
    condition     = var.dlq_alarm_threshold >= 1
    error_message = "dlq_alarm_threshold must be at least 1."
  }
}

variable "queue_oldest_message_threshold_seconds" {
  description = "Alarm when the main queue's oldest message is older than this (s)."
  type        = number
  default     = 3600

  validation {
    condition     = var.queue_oldest_message_threshold_seconds >= 60
    error_message = "queue_oldest_message_threshold_seconds must be at least 60."
  }
}

variable "backlog_threshold" {
  description = "Alarm when the main queue holds more visible messages than this ..."
  type        = number
  default     = 1000

  validation {
    condition     = var.backlog_threshold >= 1
    error_message = "backlog_threshold must be at least 1."
  }
}

variable "backlog_evaluation_periods" {
  description = "... for this many consecutive alarm periods."
  type        = number
  default     = 3

  validation {
    condition     = var.backlog_evaluation_periods >= 1 && var.backlog_evaluation_periods <= 24
    error_message = "backlog_evaluation_periods must be between 1 and 24."
  }
}

variable "lambda_errors_threshold" {
  description = "Alarm when consumer Errors in one period reach this."
  type        = number
  default     = 1

  validation {
    condition     = var.lambda_errors_threshold >= 1
    error_message = "lambda_errors_threshold must be at least 1."
  }
}

variable "lambda_throttles_threshold" {
  description = "Alarm when consumer Throttles in one period reach this."
  type        = number
  default     = 1

  validation {
    condition     = var.lambda_throttles_threshold >= 1
    error_message = "lambda_throttles_threshold must be at least 1."
  }
}

variable "watermark_max_lag_hours" {
  description = "Alarm when no sync completed (watermark advanced) for this many hours; 26 = one missed nightly run plus slack."
  type        = number
  default     = 26

  validation {
    condition     = var.watermark_max_lag_hours >= 1 && var.watermark_max_lag_hours <= 168 && floor(var.watermark_max_lag_hours) == var.watermark_max_lag_hours
    error_message = "watermark_max_lag_hours must be a whole number between 1 and 168."
  }
}
