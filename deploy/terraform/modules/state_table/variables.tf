variable "name" {
  description = "Name of the DynamoDB table holding the watermark, run records and the per-employee ledger."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{3,255}$", var.name))
    error_message = "name must be 3-255 letters, digits, _, . or - (DynamoDB table names)."
  }
}

variable "deletion_protection_enabled" {
  description = "Refuse DeleteTable while true. Turn off only to tear an environment down on purpose."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags for the table."
  type        = map(string)
  default     = {}
}
