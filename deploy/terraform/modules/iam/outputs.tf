output "platform_role_arn" {
  description = "IRSA role of the platform pods: Helm serviceAccount.annotations eks.amazonaws.com/role-arn."
  value       = aws_iam_role.platform.arn
}

output "spark_role_arn" {
  description = "IRSA role of the Spark pods and EMR on EKS job runs: Helm spark.serviceAccount annotation and --execution-role-arn."
  value       = aws_iam_role.spark.arn
}

output "spark_role_name" {
  description = "Name of the Spark role (extra policies, e.g. for EMR job logs, attach to it)."
  value       = aws_iam_role.spark.name
}
