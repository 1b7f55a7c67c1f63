variable "name" {
  type        = string
  description = "Instance identifier, e.g. lakehouse-prod."
}

variable "engine_version" {
  type        = string
  description = "PostgreSQL major.minor version, e.g. 16.8."
  default     = "16.8"
}

variable "instance_class" {
  type        = string
  description = "Instance class, e.g. db.t4g.micro (dev) or db.m7g.large (prod)."
}

variable "allocated_storage_gb" {
  type        = number
  description = "Initial gp3 storage, in GiB."
}

variable "max_allocated_storage_gb" {
  type        = number
  description = "Upper bound for storage autoscaling, in GiB."
}

variable "multi_az" {
  type        = bool
  description = "Synchronous standby in a second zone (prod)."
}

variable "backup_retention_days" {
  type        = number
  description = "Days of automated backups and point-in-time recovery (1-35)."
  default     = 7
}

variable "deletion_protection" {
  type        = bool
  description = "Refuse to delete the instance until this is turned off."
  default     = true
}

variable "database_name" {
  type        = string
  description = "Database created at launch (the Iceberg JDBC catalog option)."
  default     = "lakehouse"
}

variable "master_username" {
  type        = string
  description = "Master user name; its password is generated and kept by RDS in Secrets Manager."
  default     = "lakehouse_admin"
}

variable "vpc_id" {
  type        = string
  description = "VPC of the instance."
}

variable "subnet_ids" {
  type        = list(string)
  description = "Private subnets of the DB subnet group."
}

variable "client_security_group_ids" {
  type        = list(string)
  description = "Security groups allowed to connect on 5432 (EKS nodes)."
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key ARN for storage, Performance Insights and the master user secret."
}

variable "logs_kms_key_arn" {
  type        = string
  description = "KMS key ARN for the exported PostgreSQL log groups."
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the exported PostgreSQL logs, in days."
  default     = 365
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
