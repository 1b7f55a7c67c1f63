variable "name" {
  type        = string
  description = "Name of the EMR on EKS virtual cluster, e.g. lakehouse-prod."
}

variable "account_id" {
  type        = string
  description = "AWS account id (builds the EMR service-linked role ARN)."
}

variable "eks_cluster_name" {
  type        = string
  description = "EKS cluster that runs the Spark pods."
}

variable "namespace" {
  type        = string
  description = "Kubernetes namespace of the job runs; must exist before apply (helm install --create-namespace creates it)."
}

variable "job_role_name" {
  type        = string
  description = "Name of the Spark IRSA role that job runs execute as (granted write access to the job log group)."
}

variable "logs_kms_key_arn" {
  type        = string
  description = "KMS key ARN of the job-run log group."
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the job-run log group, in days."
  default     = 365
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
