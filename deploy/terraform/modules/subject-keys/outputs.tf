output "bucket_name" {
  description = "Bucket of the data subjects' wrapped keys."
  value       = aws_s3_bucket.keys.bucket
}

output "bucket_arn" {
  description = "ARN of that bucket, for the IAM policies."
  value       = aws_s3_bucket.keys.arn
}

output "prefix" {
  description = "Key prefix of the wrapped keys inside the bucket."
  value       = var.prefix
}

output "location" {
  description = "s3://bucket/prefix of the wrapped keys: Helm privacy.subjectKeys (lakehouse.pii.subject-keys)."
  value       = "s3://${aws_s3_bucket.keys.bucket}/${var.prefix}"
}
