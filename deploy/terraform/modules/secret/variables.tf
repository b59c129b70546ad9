variable "name" {
  description = "Name of the Secrets Manager secret holding {\"bamboohr_api_key\": ..., \"moodle_token\": ...}."
  type        = string
}

variable "recovery_window_in_days" {
  description = "Days a deleted secret stays recoverable (0 deletes at once)."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags for the secret."
  type        = map(string)
  default     = {}
}
