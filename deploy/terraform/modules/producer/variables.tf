variable "name" {
  description = "Prefix for every producer resource (cluster, task family \"<name>-producer\", schedule, roles)."
  type        = string
}

variable "aws_region" {
  description = "Region the awslogs driver writes to."
  type        = string
}

variable "image_tag" {
  description = "Tag of the producer image in the module's ECR repository that the task definition runs."
  type        = string
}

variable "image_tag_mutability" {
  description = "ECR tag mutability: IMMUTABLE (a tag always means the same image) or MUTABLE."
  type        = string
  default     = "IMMUTABLE"
}

variable "cpu" {
  description = "Fargate task CPU units."
  type        = number
  default     = 256
}

variable "memory" {
  description = "Fargate task memory (MiB)."
  type        = number
  default     = 512
}

variable "command" {
  description = "Container command appended to the image's entrypoint (`/app/pipeline`)."
  type        = list(string)
  default     = ["sync"]
}

variable "environment" {
  description = "Plain environment variables of the container (no secrets here)."
  type        = map(string)
  default     = {}
}

variable "secret_arn" {
  description = "ARN of the Secrets Manager secret whose JSON keys are injected as environment variables."
  type        = string
}

variable "secret_env" {
  description = "Environment variable name => JSON key of the secret, injected by ECS at task start."
  type        = map(string)
  default = {
    BambooHr__ApiKey = "bamboohr_api_key"
    Moodle__Token    = "moodle_token"
  }
}

variable "queue_arn" {
  description = "ARN of the main queue the producer publishes to."
  type        = string
}

variable "dlq_arn" {
  description = "ARN of the dead-letter queue the CLI peeks at and replays from."
  type        = string
}

variable "table_arn" {
  description = "ARN of the state table."
  type        = string
}

variable "log_retention_days" {
  description = "Retention of the producer's log group."
  type        = number
  default     = 30
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
}

variable "schedule_timezone" {
  description = "IANA time zone the schedule expression is read in."
  type        = string
  default     = "Europe/London"
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
}

variable "schedule_maximum_event_age_seconds" {
  description = "How long Scheduler keeps retrying an invocation."
  type        = number
  default     = 3600
}

variable "subnet_ids" {
  description = "Subnets the task runs in; they need a route to BambooHR, Moodle and the AWS APIs."
  type        = list(string)
}

variable "security_group_ids" {
  description = "Security groups of the task (egress 443 is all it needs)."
  type        = list(string)
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
