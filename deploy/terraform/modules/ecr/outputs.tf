output "repository_urls" {
  description = "Repository URL by image name (Helm image.repository / spark.image.repository)."
  value       = { for k, r in aws_ecr_repository.this : k => r.repository_url }
}

output "repository_arns" {
  description = "Repository ARN by image name (for the CI push role's policy)."
  value       = { for k, r in aws_ecr_repository.this : k => r.arn }
}
