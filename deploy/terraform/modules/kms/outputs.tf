output "key_arns" {
  description = "KMS key ARN by purpose (data, msk, rds, eks, logs, subjects)."
  value       = { for k, v in aws_kms_key.this : k => v.arn }
}

output "key_ids" {
  description = "KMS key id by purpose."
  value       = { for k, v in aws_kms_key.this : k => v.key_id }
}

output "alias_names" {
  description = "KMS alias name by purpose."
  value       = { for k, v in aws_kms_alias.this : k => v.name }
}
