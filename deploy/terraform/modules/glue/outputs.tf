output "database_names" {
  description = "Glue database name by layer (the Iceberg namespaces of catalog `lake`)."
  value       = { for k, d in aws_glue_catalog_database.layer : k => d.name }
}

output "database_arns" {
  description = "Glue database ARN by layer."
  value       = { for k, d in aws_glue_catalog_database.layer : k => d.arn }
}
