variable "name" {
  description = "Prefix of the consumer's resources; the function is \"<name>-consumer\"."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}[a-z0-9]$", var.name))
    error_message = "name must be 4-32 characters of lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "zip_path" {
  description = "Path of the Lambda deployment zip (package.sh writes artifacts/package/consumer-lambda.zip)."
  type        = string

  validation {
    condition     = can(regex("\\.zip$", var.zip_path))
    error_message = "zip_path must name a .zip file."
  }
}

variable "runtime" {
  description = "Lambda managed runtime."
  type        = string
  default     = "dotnet10"

  validation {
    condition     = can(regex("^dotnet[0-9]+$", var.runtime))
    error_message = "runtime must be a .NET managed runtime such as dotnet10."
  }
}

variable "handler" {
  description = "Lambda handler string (assembly::type::method)."
  type        = string
  default     = "Pipeline.Consumer.Lambda::Pipeline.Consumer.Lambda.LambdaEntryPoint::HandleAsync"

  validation {
    condition     = can(regex("^[A-Za-z0-9_.]+::[A-Za-z0-9_.]+::[A-Za-z0-9_]+$", var.handler))
    error_message = "handler must read Assembly::Namespace.Type::Method."
  }
}

variable "architecture" {
  description = "Instruction set of the function (x86_64 or arm64); the framework-dependent zip runs on both."
  type        = string
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be x86_64 or arm64."
  }
}

variable "memory_size" {
  description = "Lambda memory (MB)."
  type        = number
  default     = 512

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240 && floor(var.memory_size) == var.memory_size
    error_message = "memory_size must be a whole number of MB between 128 and 10240."
  }
}

variable "timeout" {
  description = "Lambda timeout (seconds). The consumer's own time budget, Consumer__InvocationBudget, is derived from it (main.tf)."
  type        = number
  default     = 60

  validation {
    condition     = var.timeout >= 10 && var.timeout <= 900 && floor(var.timeout) == var.timeout
    error_message = "timeout must be a whole number of seconds between 10 and 900 (below 10 s the invocation budget would not cover one Moodle call and its settlement)."
  }
}

variable "queue_max_receive_count" {
  description = "The queue's redrive maxReceiveCount, passed on as Consumer__MaxAttempts: the consumer parks a message itself on the last delivery SQS will make."
  type        = number

  validation {
    condition     = var.queue_max_receive_count >= 1 && var.queue_max_receive_count <= 1000 && floor(var.queue_max_receive_count) == var.queue_max_receive_count
    error_message = "queue_max_receive_count must be a whole number between 1 and 1000 (the SQS limits of maxReceiveCount)."
  }
}

variable "secrets_extension_layer_arn" {
  description = "ARN of the AWS Parameters and Secrets Lambda Extension layer for the region and architecture."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:layer:[A-Za-z0-9_-]+:[0-9]+$", var.secrets_extension_layer_arn))
    error_message = "secrets_extension_layer_arn must be a versioned layer ARN (arn:aws:lambda:<region>:<account>:layer:<name>:<version>)."
  }
}

variable "secrets_cache_ttl_seconds" {
  description = "SECRETS_MANAGER_TTL of the extension: how long a secret stays cached (0-300)."
  type        = number
  default     = 300

  validation {
    condition     = var.secrets_cache_ttl_seconds >= 0 && var.secrets_cache_ttl_seconds <= 300 && floor(var.secrets_cache_ttl_seconds) == var.secrets_cache_ttl_seconds
    error_message = "secrets_cache_ttl_seconds must be a whole number between 0 and 300."
  }
}

variable "secret_arn" {
  description = "ARN of the secret holding bamboohr_api_key and moodle_token."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+$", var.secret_arn))
    error_message = "secret_arn must be a Secrets Manager secret ARN."
  }
}

variable "environment" {
  description = "Application environment variables (no secret values)."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for k in keys(var.environment) : can(regex("^[A-Za-z_][A-Za-z0-9_]*$", k))]) && length(setintersection(keys(var.environment), ["Secrets__SecretId", "SECRETS_MANAGER_TTL", "Secrets__CacheTtl", "Consumer__MaxAttempts", "Consumer__InvocationBudget"])) == 0
    error_message = "environment keys must be variable names, and may not set what this module derives itself (Secrets__SecretId, SECRETS_MANAGER_TTL, Secrets__CacheTtl, Consumer__MaxAttempts, Consumer__InvocationBudget)."
  }
}

variable "queue_arn" {
  description = "ARN of the main queue the function consumes."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,80}$", var.queue_arn))
    error_message = "queue_arn must be an SQS queue ARN."
  }
}

variable "dlq_arn" {
  description = "ARN of the dead-letter queue the function parks permanent failures in."
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

variable "batch_size" {
  description = "Messages per invocation."
  type        = number
  default     = 10

  validation {
    condition     = var.batch_size >= 1 && var.batch_size <= 10000 && floor(var.batch_size) == var.batch_size
    error_message = "batch_size must be a whole number between 1 and 10000."
  }
}

variable "maximum_batching_window_in_seconds" {
  description = "How long the event source mapping gathers messages before invoking (required >= 1 when batch_size > 10)."
  type        = number
  default     = 0

  validation {
    condition     = var.maximum_batching_window_in_seconds >= 0 && var.maximum_batching_window_in_seconds <= 300
    error_message = "maximum_batching_window_in_seconds must be between 0 and 300."
  }
}

variable "maximum_concurrency" {
  description = "Upper bound of concurrent invocations the SQS event source starts (2-1000); it protects Moodle."
  type        = number
  default     = 5

  validation {
    condition     = var.maximum_concurrency >= 2 && var.maximum_concurrency <= 1000 && floor(var.maximum_concurrency) == var.maximum_concurrency
    error_message = "maximum_concurrency must be a whole number between 2 and 1000 (the limits of SQS event source scaling_config)."
  }
}

variable "log_retention_days" {
  description = "Retention of the function's log group."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  }
}

variable "tags" {
  description = "Tags for every resource of this module."
  type        = map(string)
  default     = {}
}
