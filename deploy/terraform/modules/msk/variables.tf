variable "name" {
  type        = string
  description = "MSK cluster name, e.g. lakehouse-prod."
}

variable "kafka_version" {
  type        = string
  description = "Kafka version offered by MSK, e.g. 3.8.x."
  default     = "3.8.x"
}

variable "vpc_id" {
  type        = string
  description = "VPC of the brokers."
}

variable "subnet_ids" {
  type        = list(string)
  description = "Three private subnets in three zones: one broker per zone."

  validation {
    condition     = length(var.subnet_ids) == 3
    error_message = "MSK here runs across exactly three zones."
  }
}

variable "client_security_group_ids" {
  type        = list(string)
  description = "Security groups allowed to reach the brokers (EKS nodes)."
}

variable "broker_count" {
  type        = number
  description = "Number of brokers; a multiple of the three zones."
  default     = 3

  validation {
    condition     = var.broker_count % 3 == 0
    error_message = "broker_count must be a multiple of 3 (one per zone)."
  }
}

variable "instance_type" {
  type        = string
  description = "Broker instance type, e.g. kafka.t3.small (dev) or kafka.m7g.large (prod)."
}

variable "ebs_volume_size_gb" {
  type        = number
  description = "Storage per broker, in GiB."
}

variable "default_partitions" {
  type        = number
  description = "Partitions of a topic created without an explicit count."
  default     = 6
}

variable "log_retention_hours" {
  type        = number
  description = "Default retention of topic data; Spark has moved it to bronze long before."
  default     = 168
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key ARN for encryption at rest of broker storage."
}

variable "logs_kms_key_arn" {
  type        = string
  description = "KMS key ARN of the broker log group."
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the broker log group, in days."
  default     = 365
}

variable "enhanced_monitoring" {
  type        = string
  description = "MSK enhanced monitoring level: DEFAULT, PER_BROKER, PER_TOPIC_PER_BROKER or PER_TOPIC_PER_PARTITION."
  default     = "PER_BROKER"
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
