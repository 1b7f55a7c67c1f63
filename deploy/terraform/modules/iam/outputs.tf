output "platform_role_arn" {
  description = "IRSA role of the platform pods: Helm serviceAccount.annotations eks.amazonaws.com/role-arn."
  value       = aws_iam_role.platform.arn
}

output "spark_role_arn" {
  description = "IRSA role of the Spark pods: Helm spark.serviceAccount annotation."
  value       = aws_iam_role.spark.arn
}

output "warehouse_role_arn" {
  description = "IRSA role of the pods that run dbt and the Dagster checks (service account warehouse_service_account)."
  value       = aws_iam_role.warehouse.arn
}
