output "bucket_names" {
  description = "Bucket name by layer (bronze, silver, gold, checkpoints, quarantine, logs)."
  value       = merge({ for k, b in aws_s3_bucket.data : k => b.bucket }, { logs = aws_s3_bucket.logs.bucket })
}

output "bucket_arns" {
  description = "Bucket ARN by layer."
  value       = merge({ for k, b in aws_s3_bucket.data : k => b.arn }, { logs = aws_s3_bucket.logs.arn })
}

output "logs_bucket_name" {
  description = "Bucket receiving the S3 server access logs."
  value       = aws_s3_bucket.logs.bucket
}
