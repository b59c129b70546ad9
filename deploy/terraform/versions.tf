terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # Valid on both majors: the offline tests run 5.100.0 (the local mirror), a deploy picks the newest
      # 6.x. The consumer's default runtime, dotnet10, is known to the provider from 6.27.0 on, so a plan
      # with any 5.x provider stops at the runtime unless consumer_lambda_runtime names an older one.
      # README.md, "Deploy to AWS", lists what was checked against the 6.0 upgrade guide.
      version = ">= 5.100, < 7.0"
    }
  }
}
