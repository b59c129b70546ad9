variable "name" {
  description = "Prefix of the monitoring resources, and the <project> in the notification text."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}[a-z0-9]$", var.name))
    error_message = "name must be 4-32 characters of lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "aws_region" {
  description = "Region of the dashboard's metrics."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$", var.aws_region))
    error_message = "aws_region must be a region code such as eu-west-2."
  }
}

variable "alarm_email" {
  description = "E-mail address subscribed to the alarm topic (AWS sends a confirmation mail first)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$", var.alarm_email))
    error_message = "alarm_email must be one e-mail address, e.g. ops@example.com."
  }
}

variable "queue_name" {
  description = "Main queue name."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,80}$", var.queue_name))
    error_message = "queue_name must be an SQS queue name."
  }
}

variable "dlq_name" {
  description = "Dead-letter queue name."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,80}$", var.dlq_name))
    error_message = "dlq_name must be an SQS queue name."
  }
}

variable "function_name" {
  description = "Consumer Lambda name."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,64}$", var.function_name))
    error_message = "function_name must be a Lambda function name (at most 64 letters, digits, - and _)."
  }
}

variable "producer_log_group_name" {
  description = "Log group the producer's summary line lands in."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_./#-]{1,512}$", var.producer_log_group_name))
    error_message = "producer_log_group_name must be a CloudWatch Logs group name."
  }
}

variable "cluster_arn" {
  description = "ECS cluster the producer runs on."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:cluster/.+$", var.cluster_arn))
    error_message = "cluster_arn must be an ECS cluster ARN."
  }
}

variable "producer_task_definition_arn_without_revision" {
  description = "Producer task definition ARN without revision: task-state events are matched on it."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:task-definition/[A-Za-z0-9_-]+$", var.producer_task_definition_arn_without_revision))
    error_message = "producer_task_definition_arn_without_revision must be a task definition ARN without its :revision."
  }
}

variable "alarm_period_seconds" {
  description = "Period of the queue and Lambda alarms."
  type        = number
  default     = 300

  validation {
    condition     = contains([60, 300, 900, 3600], var.alarm_period_seconds)
    error_message = "alarm_period_seconds must be 60, 300, 900 or 3600."
  }
}

variable "dlq_visible_threshold" {
  description = "Alarm when the DLQ holds at least this many visible messages."
  type        = number
  default     = 1

  validation {
    condition     = var.dlq_visible_threshold >= 1
    error_message = "dlq_visible_threshold must be at least 1."
  }
}

variable "oldest_message_age_threshold_seconds" {
  description = "Alarm when the oldest message of the main queue is older than this."
  type        = number
  default     = 3600

  validation {
    condition     = var.oldest_message_age_threshold_seconds >= 60
    error_message = "oldest_message_age_threshold_seconds must be at least 60."
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
  description = "... for this many consecutive periods."
  type        = number
  default     = 3

  validation {
    condition     = var.backlog_evaluation_periods >= 1 && var.backlog_evaluation_periods <= 24 && floor(var.backlog_evaluation_periods) == var.backlog_evaluation_periods
    error_message = "backlog_evaluation_periods must be a whole number between 1 and 24."
  }
}

variable "lambda_errors_threshold" {
  description = "Alarm when the consumer's Errors sum in one period reaches this."
  type        = number
  default     = 1

  validation {
    condition     = var.lambda_errors_threshold >= 1
    error_message = "lambda_errors_threshold must be at least 1."
  }
}

variable "lambda_throttles_threshold" {
  description = "Alarm when the consumer's Throttles sum in one period reaches this."
  type        = number
  default     = 1

  validation {
    condition     = var.lambda_throttles_threshold >= 1
    error_message = "lambda_throttles_threshold must be at least 1."
  }
}

variable "watermark_max_lag_hours" {
  description = "Alarm when no sync run completed (watermark advanced) within this many hours."
  type        = number
  default     = 26

  validation {
    condition     = var.watermark_max_lag_hours >= 1 && var.watermark_max_lag_hours <= 168 && floor(var.watermark_max_lag_hours) == var.watermark_max_lag_hours
    error_message = "watermark_max_lag_hours must be a whole number between 1 and 168."
  }
}

variable "tags" {
  description = "Tags for every resource of this module."
  type        = map(string)
  default     = {}
}
