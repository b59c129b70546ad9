terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 5.x is what this repository is tested with (the offline mirror holds 5.100.0).
      # Deploying the consumer on the managed `dotnet10` runtime needs a provider whose runtime
      # list knows it: 5.x does not, 6.27.0 and later do. See docs/runbook.md, "Provider version".
      version = "~> 5.0"
    }
  }
}
