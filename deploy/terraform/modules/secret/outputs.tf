output "arn" {
  description = "Secret ARN."
  value       = aws_secretsmanager_secret.this.arn
}

output "name" {
  description = "Secret name."
  value       = aws_secretsmanager_secret.this.name
}

output "json_keys" {
  description = "The JSON keys the application reads from the secret."
  value       = ["bamboohr_api_key", "moodle_token"]
}
