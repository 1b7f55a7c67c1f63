variable "environment" {
  type        = string
  description = "Environment name (dev, prod); part of every resource name."
}

variable "project" {
  type        = string
  description = "Project name; first part of every resource name."
  default     = "lakehouse"
}

variable "region" {
  type        = string
  description = "AWS region to deploy to."
}

variable "availability_zones" {
  type        = list(string)
  description = "Three availability zones of the region."
}

variable "vpc_cidr" {
  type        = string
  description = "IPv4 CIDR of the VPC."
}

variable "single_nat_gateway" {
  type        = bool
  description = "One NAT gateway for all zones instead of one per zone."
}

variable "kubernetes_version" {
  type        = string
  description = "EKS Kubernetes version."
}

variable "eks_endpoint_public_access" {
  type        = bool
  description = "Expose the EKS API endpoint publicly (restricted to eks_public_access_cidrs)."
  default     = false
}

variable "eks_public_access_cidrs" {
  type        = list(string)
  description = "CIDRs allowed to the public EKS API endpoint."
  default     = []
}

variable "eks_admin_role_arns" {
  type        = list(string)
  description = "IAM roles with cluster-admin on EKS (CI deployer, operators)."
  default     = []
}

variable "node_groups" {
  type = map(object({
    instance_types = list(string)
    capacity_type  = string
    min_size       = number
    max_size       = number
    desired_size   = number
    disk_size_gb   = number
    labels         = map(string)
  }))
  description = "EKS managed node groups (see modules/eks)."
}

variable "msk_instance_type" {
  type        = string
  description = "MSK broker instance type."
}

variable "msk_broker_count" {
  type        = number
  description = "Number of MSK brokers (multiple of 3)."
}

variable "msk_ebs_volume_size_gb" {
  type        = number
  description = "MSK storage per broker, GiB."
}

variable "msk_kafka_version" {
  type        = string
  description = "Kafka version of the MSK cluster."
}

variable "rds_instance_class" {
  type        = string
  description = "RDS PostgreSQL instance class."
}

variable "rds_allocated_storage_gb" {
  type        = number
  description = "RDS initial storage, GiB."
}

variable "rds_max_allocated_storage_gb" {
  type        = number
  description = "RDS storage autoscaling ceiling, GiB."
}

variable "rds_multi_az" {
  type        = bool
  description = "RDS Multi-AZ standby."
}

variable "rds_backup_retention_days" {
  type        = number
  description = "RDS automated backup retention, days."
}

variable "lake_retention" {
  type = map(object({
    ia_after_days           = number
    glacier_after_days      = number
    expire_after_days       = number
    noncurrent_expire_after = number
  }))
  description = "Lifecycle per data bucket (see modules/s3-datalake)."
}

variable "log_retention_days" {
  type        = number
  description = "Retention of every CloudWatch log group, days."
}

variable "force_destroy_buckets" {
  type        = bool
  description = "Let terraform destroy delete non-empty buckets (dev only)."
  default     = false
}

variable "k8s_namespace" {
  type        = string
  description = "Kubernetes namespace of the Helm release (the IRSA roles trust its service accounts)."
  default     = "lakehouse"
}

variable "alarm_emails" {
  type        = list(string)
  description = "E-mail addresses for the alarm topic."
  default     = []
}

variable "manage_glue_catalog_encryption" {
  type        = bool
  description = "Own the account-wide Glue Data Catalog encryption settings (one per account and region: this stack owns its environment's account)."
  default     = true
}
