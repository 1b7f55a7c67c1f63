output "virtual_cluster_id" {
  description = "EMR on EKS virtual cluster id (--virtual-cluster-id of start-job-run)."
  value       = aws_emrcontainers_virtual_cluster.this.id
}

output "virtual_cluster_arn" {
  description = "EMR on EKS virtual cluster ARN."
  value       = aws_emrcontainers_virtual_cluster.this.arn
}

output "log_group_name" {
  description = "Log group for job-run driver and executor logs (monitoringConfiguration)."
  value       = aws_cloudwatch_log_group.jobs.name
}
