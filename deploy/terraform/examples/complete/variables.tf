# What differs between environments; everything else is set in main.tf.

variable "aws_region" {
  description = "Region of every resource (the provider's)."
  type        = string
  default     = "eu-west-2"
}

variable "project" {
  description = "Name of the deployment: prefixes every resource and starts every notification."
  type        = string
  default     = "bamboohr-moodle-sync"
}

variable "environment" {
  description = "Environment tag, e.g. production."
  type        = string
  default     = "production"
}

variable "cost_centre" {
  description = "CostCentre tag on every resource (through the provider's default_tags)."
  type        = string
  default     = "it-learning"
}

variable "bamboohr_base_url" {
  description = "BambooHR API base URL, https://api.bamboohr.com/api/gateway.php/<company>/."
  type        = string
}

variable "moodle_base_url" {
  description = "Moodle site root, e.g. https://learn.example.com/."
  type        = string
}

variable "producer_image_tag" {
  description = "Tag of the producer image pushed to the stack's ECR repository (e.g. the git commit)."
  type        = string
}

variable "subnet_ids" {
  description = "Subnets of the producer task (outbound HTTPS to BambooHR, Moodle and the AWS APIs)."
  type        = list(string)
}

variable "security_group_ids" {
  description = "Security groups of the producer task."
  type        = list(string)
}

variable "secrets_extension_layer_arn" {
  description = "AWS Parameters and Secrets Lambda Extension layer ARN for aws_region and x86_64."
  type        = string
}

variable "alarm_email" {
  description = "Address for alarms and the nightly SUCCEEDED/FAILED mail."
  type        = string
}
