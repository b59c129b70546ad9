variable "name" {
  description = "Name of the Secrets Manager secret holding {\"bamboohr_api_key\": ..., \"moodle_token\": ...}."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9/_+=.@-]{1,512}$", var.name)) && !can(regex("-[A-Za-z0-9]{6}$", var.name))
    error_message = "name must be 1-512 of letters, digits and /_+=.@- and must not end in a hyphen and six characters (Secrets Manager confuses that with its ARN suffix)."
  }
}

variable "recovery_window_in_days" {
  description = "Days a deleted secret stays recoverable (0 deletes at once)."
  type        = number
  default     = 30

  validation {
    condition     = var.recovery_window_in_days == 0 || (var.recovery_window_in_days >= 7 && var.recovery_window_in_days <= 30)
    error_message = "recovery_window_in_days must be 0 or between 7 and 30."
  }
}

variable "tags" {
  description = "Tags for the secret."
  type        = map(string)
  default     = {}
}
