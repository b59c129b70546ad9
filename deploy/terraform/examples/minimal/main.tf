# The smallest root that deploys the stack: a provider and the seven inputs without a default.
# Everything else keeps the module's defaults (nightly at 03:00 Europe/London, consumer on dotnet10, ...).
#
#   terraform init && terraform apply      # then README.md, "Deploy to AWS", steps 3 to 6

terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # A fresh `terraform init` picks the newest 6.x, which deploys the consumer on dotnet10 (6.27.0 and
      # later know it). 5.100 stays allowed so that deploy/test.sh can validate this root offline.
      version = ">= 5.100, < 7.0"
    }
  }
}

provider "aws" {
  region = "eu-west-2"
}

module "sync" {
  source = "../.."

  bamboohr_base_url           = "https://api.bamboohr.com/api/gateway.php/acme/"
  moodle_base_url             = "https://learn.example.com/"
  producer_image_tag          = "2026-01-15-abc1234"
  subnet_ids                  = ["subnet-0123456789abcdef0"]
  security_group_ids          = ["sg-0123456789abcdef0"]
  secrets_extension_layer_arn = "arn:aws:lambda:eu-west-2:133256977650:layer:AWS-Parameters-and-Secrets-Lambda-Extension:17"
  alarm_email                 = "ops@example.com"
}

output "secret_arn" {
  description = "Set the credentials here (aws secretsmanager put-secret-value); the schedule stays DISABLED until then."
  value       = module.sync.secret_arn
}

output "ecr_repository_url" {
  description = "Push the producer image here, tagged producer_image_tag."
  value       = module.sync.ecr_repository_url
}

output "schedule_state" {
  description = "ENABLED once the secret has a value and the next apply has seen it."
  value       = module.sync.schedule_state
}
