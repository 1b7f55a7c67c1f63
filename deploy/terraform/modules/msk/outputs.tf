output "cluster_arn" {
  description = "MSK cluster ARN."
  value       = aws_msk_cluster.this.arn
}

output "cluster_name" {
  description = "MSK cluster name."
  value       = aws_msk_cluster.this.cluster_name
}

output "cluster_uuid" {
  description = "MSK cluster UUID, part of topic and group ARNs."
  value       = aws_msk_cluster.this.cluster_uuid
}

output "bootstrap_brokers_sasl_iam" {
  description = "Bootstrap servers for IAM-authenticated TLS clients (port 9098): KAFKA_BOOTSTRAP_SERVERS."
  value       = aws_msk_cluster.this.bootstrap_brokers_sasl_iam
}

output "security_group_id" {
  description = "Security group of the brokers."
  value       = aws_security_group.msk.id
}

output "configuration_arn" {
  description = "ARN of the broker configuration holding the topic defaults."
  value       = aws_msk_configuration.this.arn
}

output "log_group_name" {
  description = "Broker log group."
  value       = aws_cloudwatch_log_group.broker.name
}
