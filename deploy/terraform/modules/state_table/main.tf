# One table: pk (S) + sk (S); run records and outcomes expire through the expires_at TTL attribute.
resource "aws_dynamodb_table" "this" {
  name                        = var.name
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "pk"
  range_key                   = "sk"
  deletion_protection_enabled = var.deletion_protection_enabled

  attribute {
    name = "pk"
    type = "S"
  }

  attribute {
    name = "sk"
    type = "S"
  }

  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  # AWS-owned keys are always on; this asks for the AWS-managed KMS key so access shows in CloudTrail.
  server_side_encryption {
    enabled = true
  }

  tags = var.tags
}
