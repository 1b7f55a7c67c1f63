output "region" {
  description = "AWS region (Helm config.awsRegion)."
  value       = var.region
}

output "vpc_id" {
  description = "VPC id."
  value       = module.vpc.vpc_id
}

output "vpc_cidr" {
  description = "VPC CIDR (Helm networkPolicy.egress.cidrs)."
  value       = module.vpc.vpc_cidr_block
}

output "private_subnet_ids" {
  description = "Private subnet ids."
  value       = module.vpc.private_subnet_ids
}

output "public_subnet_ids" {
  description = "Public subnet ids."
  value       = module.vpc.public_subnet_ids
}

output "eks_cluster_name" {
  description = "EKS cluster name (aws eks update-kubeconfig --name)."
  value       = module.eks.cluster_name
}

output "eks_cluster_endpoint" {
  description = "EKS API endpoint."
  value       = module.eks.cluster_endpoint
}

output "eks_oidc_provider_arn" {
  description = "OIDC provider for IRSA."
  value       = module.eks.oidc_provider_arn
}

output "eks_cluster_autoscaler_role_arn" {
  description = "IRSA role for the cluster-autoscaler Helm release in kube-system."
  value       = module.eks.cluster_autoscaler_role_arn
}

output "eks_node_security_group_id" {
  description = "Security group of the EKS nodes."
  value       = module.eks.node_security_group_id
}

output "msk_cluster_arn" {
  description = "MSK cluster ARN."
  value       = module.msk.cluster_arn
}

output "msk_bootstrap_brokers_iam" {
  description = "Kafka bootstrap servers, IAM auth over TLS (Helm config.kafkaBootstrapServers)."
  value       = module.msk.bootstrap_brokers_sasl_iam
}

output "lake_bucket_names" {
  description = "Data lake bucket by layer (Helm config.warehouse / quarantineBucket)."
  value       = module.lake.bucket_names
}

output "subject_keys_location" {
  description = "s3://bucket/prefix of the data subjects' wrapped keys (Helm privacy.subjectKeys)."
  value       = module.subject_keys.location
}

output "subject_keys_kms_key_arn" {
  description = "KMS key that wraps the data subjects' keys (Helm privacy.kmsKeyId)."
  value       = module.kms.key_arns["subjects"]
}

output "glue_database_names" {
  description = "Glue databases, each named exactly as an Iceberg namespace of catalog `lake`."
  value       = module.glue.database_names
}

output "rds_address" {
  description = "PostgreSQL host (registry.storage.sql.url, JDBC catalog)."
  value       = module.rds.address
}

output "rds_master_user_secret_arn" {
  description = "Secrets Manager secret with the generated master password."
  value       = module.rds.master_user_secret_arn
}

output "platform_role_arn" {
  description = "IRSA role for the platform service account (Helm serviceAccount.annotations)."
  value       = module.iam.platform_role_arn
}

output "spark_role_arn" {
  description = "IRSA role for the Spark service account (Helm spark.serviceAccount.annotations)."
  value       = module.iam.spark_role_arn
}

output "warehouse_role_arn" {
  description = "IRSA role for the pods that run dbt and the Dagster checks (service account lakehouse-dagster)."
  value       = module.iam.warehouse_role_arn
}

output "ecr_repository_urls" {
  description = "ECR repository URL by image (Helm image.repository, spark.image.repository)."
  value       = module.ecr.repository_urls
}

output "kms_key_arns" {
  description = "KMS key ARN by purpose."
  value       = module.kms.key_arns
}

output "alarm_topic_arn" {
  description = "SNS topic of the alarms."
  value       = module.observability.alarm_topic_arn
}
