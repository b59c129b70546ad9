variable "name" {
  description = "Prefix of the consumer's resources; the function is \"<name>-consumer\"."
  type        = string
}

variable "zip_path" {
  description = "Path of the Lambda deployment zip (package.sh writes artifacts/package/consumer-lambda.zip)."
  type        = string
}

variable "runtime" {
  description = "Lambda managed runtime."
  type        = string
  default     = "dotnet10"
}

variable "handler" {
  description = "Lambda handler string (assembly::type::method)."
  type        = string
  default     = "Pipeline.Consumer::Pipeline.Consumer.Lambda.LambdaEntryPoint::HandleAsync"
}

variable "architecture" {
  description = "Instruction set of the function (x86_64 or arm64); the framework-dependent zip runs on both."
  type        = string
  default     = "x86_64"
}

variable "memory_size" {
  description = "Lambda memory (MB)."
  type        = number
  default     = 512
}

variable "timeout" {
  description = "Lambda timeout (seconds)."
  type        = number
  default     = 60
}

variable "secrets_extension_layer_arn" {
  description = "ARN of the AWS Parameters and Secrets Lambda Extension layer for the region and architecture."
  type        = string
}

variable "secrets_cache_ttl_seconds" {
  description = "SECRETS_MANAGER_TTL of the extension: how long a secret stays cached (0-300)."
  type        = number
  default     = 300
}

variable "secret_arn" {
  description = "ARN of the secret holding bamboohr_api_key and moodle_token."
  type        = string
}

variable "environment" {
  description = "Application environment variables (no secret values)."
  type        = map(string)
  default     = {}
}

variable "queue_arn" {
  description = "ARN of the main queue the function consumes."
  type        = string
}

variable "dlq_arn" {
  description = "ARN of the dead-letter queue the function parks permanent failures in."
  type        = string
}

variable "table_arn" {
  description = "ARN of the state table."
  type        = string
}

variable "batch_size" {
  description = "Messages per invocation."
  type        = number
  default     = 10
}

variable "maximum_batching_window_in_seconds" {
  description = "How long the event source mapping gathers messages before invoking (required >= 1 when batch_size > 10)."
  type        = number
  default     = 0
}

variable "maximum_concurrency" {
  description = "Upper bound of concurrent invocations the SQS event source starts (2-1000); it protects Moodle."
  type        = number
  default     = 5
}

variable "log_retention_days" {
  description = "Retention of the function's log group."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags for every resource of this module."
  type        = map(string)
  default     = {}
}
