# Every output of the stack as one object: terraform output -json sync | jq -r .secret_arn
output "sync" {
  description = "The stack's outputs (queue and table names, secret ARN, schedule state, ...)."
  value       = module.sync
}
