# The secret only: its value never passes through Terraform (nor its state). The operator sets it with
# `aws secretsmanager put-secret-value` (docs/runbook.md, "Secrets").
resource "aws_secretsmanager_secret" "this" {
  name                    = var.name
  description             = "BambooHR API key and Moodle web service token, as JSON keys bamboohr_api_key and moodle_token."
  recovery_window_in_days = var.recovery_window_in_days
  tags                    = var.tags
}
