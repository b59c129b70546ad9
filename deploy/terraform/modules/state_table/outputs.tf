output "name" {
  description = "Table name."
  value       = aws_dynamodb_table.this.name
}

output "arn" {
  description = "Table ARN."
  value       = aws_dynamodb_table.this.arn
}

output "billing_mode" {
  description = "Billing mode (PAY_PER_REQUEST = on-demand)."
  value       = aws_dynamodb_table.this.billing_mode
}

output "point_in_time_recovery_enabled" {
  description = "Whether point-in-time recovery is on."
  value       = aws_dynamodb_table.this.point_in_time_recovery[0].enabled
}

output "server_side_encryption_enabled" {
  description = "Whether server-side encryption with a KMS key is on."
  value       = aws_dynamodb_table.this.server_side_encryption[0].enabled
}

output "deletion_protection_enabled" {
  description = "Whether deletion protection is on."
  value       = aws_dynamodb_table.this.deletion_protection_enabled
}

output "ttl_attribute" {
  description = "TTL attribute name, when TTL is enabled."
  value       = aws_dynamodb_table.this.ttl[0].enabled ? aws_dynamodb_table.this.ttl[0].attribute_name : null
}

output "key_schema" {
  description = "Hash and range key names."
  value = {
    hash_key  = aws_dynamodb_table.this.hash_key
    range_key = aws_dynamodb_table.this.range_key
  }
}
