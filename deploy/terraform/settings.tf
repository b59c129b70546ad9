# The stack's settings in one SSM parameter, so an operator's laptop can find the queue, DLQ and table by the
# stack's name alone: `pipeline --stack <project> status` reads /<project>/pipeline/settings with the operator's
# own credentials and maps each key onto the configuration key the commands use (README, "Operating from a
# laptop"). No secret is in it, only where the secret is: a String parameter (no KMS key to grant).
# The key names are read by src/Producer/Cli/StackSettings.cs; change both together.

locals {
  settings_parameter_name = "/${var.project}/pipeline/settings"

  stack_settings = {
    stack             = var.project
    region            = local.region
    queue_url         = module.queue.queue_url
    dlq_url           = module.queue.dlq_url
    state_table_name  = module.state_table.name
    moodle_base_url   = var.moodle_base_url
    bamboohr_base_url = var.bamboohr_base_url
    secret_arn        = module.secret.arn
  }
}

resource "aws_ssm_parameter" "settings" {
  name        = local.settings_parameter_name
  description = "Settings of the ${var.project} BambooHR->Moodle sync stack, read by `pipeline --stack ${var.project}` (no secrets)."
  type        = "String"
  value       = jsonencode(local.stack_settings)
  tags        = local.tags
}
