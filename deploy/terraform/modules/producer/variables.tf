variable "name" {
  description = "Prefix for every producer resource (cluster, task family \"<name>-producer\", schedule, roles)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}[a-z0-9]$", var.name))
    error_message = "name must be 4-32 characters of lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "aws_region" {
  description = "Region the awslogs driver writes to."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$", var.aws_region))
    error_message = "aws_region must be a region code such as eu-west-2."
  }
}

variable "image_tag" {
  description = "Tag of the producer image in the module's ECR repository that the task definition runs."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.image_tag))
    error_message = "image_tag must be a valid image tag (letters, digits, _, . and -, at most 128)."
  }
}

variable "image_tag_mutability" {
  description = "ECR tag mutability: IMMUTABLE (a tag always means the same image) or MUTABLE."
  type        = string
  default     = "IMMUTABLE"

  validation {
    condition     = contains(["IMMUTABLE", "MUTABLE"], var.image_tag_mutability)
    error_message = "image_tag_mutability must be IMMUTABLE or MUTABLE."
  }
}

variable "cpu" {
  description = "Fargate task CPU units."
  type        = number
  default     = 256

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096], var.cpu)
    error_message = "cpu must be 256, 512, 1024, 2048 or 4096 (Fargate CPU units)."
  }
}

variable "memory" {
  description = "Fargate task memory (MiB)."
  type        = number
  default     = 512

  validation {
    condition     = var.memory >= 512 && var.memory <= 30720 && floor(var.memory) == var.memory
    error_message = "memory must be a whole number of MiB between 512 and 30720 (Fargate)."
  }
}

variable "command" {
  description = "Container command appended to the image's entrypoint (`/app/pipeline`)."
  type        = list(string)
  default     = ["sync"]

  validation {
    condition     = length(var.command) >= 1 && alltrue([for c in var.command : c != ""])
    error_message = "command must name at least the subcommand (e.g. [\"sync\"]), with no empty words."
  }
}

variable "environment" {
  description = "Plain environment variables of the container (no secrets here)."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for k in keys(var.environment) : can(regex("^[A-Za-z_][A-Za-z0-9_]*$", k))])
    error_message = "environment keys must be environment variable names (letters, digits and _, not starting with a digit)."
  }
}

variable "secret_arn" {
  description = "ARN of the Secrets Manager secret whose JSON keys are injected as environment variables."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+$", var.secret_arn))
    error_message = "secret_arn must be a Secrets Manager secret ARN."
  }
}

variable "secret_env" {
  description = "Environment variable name => JSON key of the secret, injected by ECS at task start."
  type        = map(string)
  default = {
    BambooHr__ApiKey = "bamboohr_api_key"
    Moodle__Token    = "moodle_token"
  }

  validation {
    condition     = length(var.secret_env) >= 1 && alltrue([for k, v in var.secret_env : can(regex("^[A-Za-z_][A-Za-z0-9_]*$", k)) && can(regex("^[A-Za-z0-9_.-]+$", v))])
    error_message = "secret_env must map environment variable names to JSON keys of the secret."
  }
}

variable "queue_arn" {
  description = "ARN of the main queue the producer publishes to."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,80}$", var.queue_arn))
    error_message = "queue_arn must be an SQS queue ARN."
  }
}

variable "dlq_arn" {
  description = "ARN of the dead-letter queue the CLI peeks at and replays from."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,80}$", var.dlq_arn))
    error_message = "dlq_arn must be an SQS queue ARN."
  }
}

variable "table_arn" {
  description = "ARN of the state table."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[A-Za-z0-9_.-]{3,255}$", var.table_arn))
    error_message = "table_arn must be a DynamoDB table ARN."
  }
}

variable "log_retention_days" {
  description = "Retention of the producer's log group."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  }
}

variable "container_insights" {
  description = "Turn on CloudWatch Container Insights for the cluster."
  type        = bool
  default     = false
}

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
  description = "EventBridge Scheduler expression of the full sync (`sync --full`), in schedule_timezone. Null or \"\" creates no full-sync schedule."
  type        = string
  default     = "cron(0 4 ? * SUN *)"

  validation {
    condition     = trimspace(coalesce(var.full_sync_schedule_expression, " ")) == "" || can(regex("^(cron\\([^)]+\\)|rate\\([1-9][0-9]* (minute|minutes|hour|hours|day|days)\\)|at\\([0-9T:-]+\\))$", var.full_sync_schedule_expression))
    error_message = "full_sync_schedule_expression must be cron(...), rate(N unit), at(yyyy-mm-ddThh:mm:ss), or \"\" / null for no full-sync schedule."
  }
}

variable "schedule_timezone" {
  description = "IANA time zone the schedule expression is read in."
  type        = string
  default     = "Europe/London"

  validation {
    condition     = contains(["UTC", "GMT", "Etc/UTC"], var.schedule_timezone) || can(regex("^(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[A-Z][A-Za-z_-]+(/[A-Z][A-Za-z_-]+)?$", var.schedule_timezone))
    error_message = "schedule_timezone must be an IANA zone name such as Europe/London or UTC."
  }
}

variable "schedule_enabled" {
  description = "ENABLED when true, DISABLED otherwise."
  type        = bool
  default     = true
}

variable "schedule_maximum_retry_attempts" {
  description = "Retries by EventBridge Scheduler when RunTask fails (e.g. no Fargate capacity)."
  type        = number
  default     = 3

  validation {
    condition     = var.schedule_maximum_retry_attempts >= 0 && var.schedule_maximum_retry_attempts <= 185 && floor(var.schedule_maximum_retry_attempts) == var.schedule_maximum_retry_attempts
    error_message = "schedule_maximum_retry_attempts must be a whole number between 0 and 185."
  }
}

variable "schedule_maximum_event_age_seconds" {
  description = "How long Scheduler keeps retrying an invocation."
  type        = number
  default     = 3600

  validation {
    condition     = var.schedule_maximum_event_age_seconds >= 60 && var.schedule_maximum_event_age_seconds <= 86400
    error_message = "schedule_maximum_event_age_seconds must be between 60 and 86400."
  }
}

variable "subnet_ids" {
  description = "Subnets the task runs in; they need a route to BambooHR, Moodle and the AWS APIs."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 1 && alltrue([for s in var.subnet_ids : can(regex("^subnet-([0-9a-f]{8}|[0-9a-f]{17})$", s))])
    error_message = "subnet_ids must hold at least one subnet id (subnet-xxxxxxxx or subnet-xxxxxxxxxxxxxxxxx)."
  }
}

variable "security_group_ids" {
  description = "Security groups of the task (egress 443 is all it needs)."
  type        = list(string)

  validation {
    condition     = length(var.security_group_ids) >= 1 && alltrue([for s in var.security_group_ids : can(regex("^sg-([0-9a-f]{8}|[0-9a-f]{17})$", s))])
    error_message = "security_group_ids must hold at least one security group id (sg-...)."
  }
}

variable "assign_public_ip" {
  description = "Give the task a public IP (public subnets without a NAT gateway)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for every resource of this module."
  type        = map(string)
  default     = {}
}
