variable "name" {
  type        = string
  description = "Prefix of alarm and log group names, e.g. lakehouse-prod."
}

variable "logs_kms_key_arn" {
  type        = string
  description = "KMS key ARN for the alarm topic."
}

variable "alarm_emails" {
  type        = list(string)
  description = "E-mail addresses subscribed to the alarm topic (each must confirm)."
  default     = []
}

variable "msk_cluster_name" {
  type        = string
  description = "MSK cluster watched by the broker alarms."
}

variable "msk_broker_count" {
  type        = number
  description = "Number of MSK brokers (one disk alarm each)."
}

variable "rds_instance_id" {
  type        = string
  description = "RDS instance watched by the database alarms."
}

variable "rds_free_storage_threshold_bytes" {
  type        = number
  description = "Alarm when free storage of the database falls below this many bytes."
  default     = 5368709120
}

variable "eks_cluster_name" {
  type        = string
  description = "EKS cluster whose Container Insights metrics are watched."
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
