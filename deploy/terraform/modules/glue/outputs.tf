output "database_names" {
  description = "Glue database names, each exactly an Iceberg namespace of catalog `lake`."
  value       = sort([for d in aws_glue_catalog_database.namespace : d.name])
}

output "database_arns" {
  description = "Glue database ARN by name."
  value       = { for k, d in aws_glue_catalog_database.namespace : k => d.arn }
}
