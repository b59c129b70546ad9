variable "name" {
  description = "Prefix of the monitoring resources, and the <project> in the notification text."
  type        = string
}

variable "aws_region" {
  description = "Region of the dashboard's metrics."
  type        = string
}

variable "alarm_email" {
  description = "E-mail address subscribed to the alarm topic (AWS sends a confirmation mail first)."
  type        = string
}

variable "queue_name" {
  description = "Main queue name."
  type        = string
}

variable "dlq_name" {
  description = "Dead-letter queue name."
  type        = string
}

variable "function_name" {
  description = "Consumer Lambda name."
  type        = string
}

variable "producer_log_group_name" {
  description = "Log group the producer's summary line lands in."
  type        = string
}

variable "cluster_arn" {
  description = "ECS cluster the producer runs on."
  type        = string
}

variable "producer_task_definition_arn_without_revision" {
  description = "Producer task definition ARN without revision: task-state events are matched on it."
  type        = string
}

variable "alarm_period_seconds" {
  description = "Period of the queue and Lambda alarms."
  type        = number
  default     = 300
}

variable "dlq_visible_threshold" {
  description = "Alarm when the DLQ holds at least this many visible messages."
  type        = number
  default     = 1
}

variable "oldest_message_age_threshold_seconds" {
  description = "Alarm when the oldest message of the main queue is older than this."
  type        = number
  default     = 3600
}

variable "backlog_threshold" {
  description = "Alarm when the main queue holds more visible messages than this ..."
  type        = number
  default     = 1000
}

variable "backlog_evaluation_periods" {
  description = "... for this many consecutive periods."
  type        = number
  default     = 3
}

variable "lambda_errors_threshold" {
  description = "Alarm when the consumer's Errors sum in one period reaches this."
  type        = number
  default     = 1
}

variable "lambda_throttles_threshold" {
  description = "Alarm when the consumer's Throttles sum in one period reaches this."
  type        = number
  default     = 1
}

variable "watermark_max_lag_hours" {
  description = "Alarm when no sync run completed (watermark advanced) within this many hours."
  type        = number
  default     = 26
}

variable "tags" {
  description = "Tags for every resource of this module."
  type        = map(string)
  default     = {}
}
