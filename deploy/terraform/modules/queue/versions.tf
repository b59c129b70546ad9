terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 5.100 is what the offline tests run; 6.x is what a deploy uses (dotnet10 needs 6.27 or later).
      version = ">= 5.100, < 7.0"
    }
  }
}
