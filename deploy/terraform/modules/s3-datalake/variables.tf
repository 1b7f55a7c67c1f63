variable "name" {
  type        = string
  description = "Bucket name prefix, e.g. lakehouse-prod; buckets are <name>-<layer>-<account id>."
}

variable "account_id" {
  type        = string
  description = "AWS account id, suffixed to bucket names to keep them globally unique."
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key ARN for SSE-KMS of the data buckets."
}

variable "layers" {
  type = map(object({
    ia_after_days           = number
    glacier_after_days      = number
    expire_after_days       = number
    noncurrent_expire_after = number
  }))
  description = <<-EOT
    Lifecycle per data bucket (0 disables a step): days to Standard-IA, days to Glacier
    Instant Retrieval, days to expiry, and days before a non-current version is deleted.
    Keys are the layers: bronze, silver, gold, checkpoints, quarantine. Leave expiry at 0 for
    Iceberg layers: row retention there is the maintain job's (a file that S3 expires while a
    snapshot still references it breaks the table).
  EOT

  validation {
    condition     = alltrue([for k in ["bronze", "silver", "gold", "checkpoints", "quarantine"] : contains(keys(var.layers), k)])
    error_message = "layers must define bronze, silver, gold, checkpoints and quarantine."
  }
}

variable "tier_min_object_bytes" {
  type        = number
  description = "Only objects larger than this move to IA/Glacier: compacted Iceberg data files do, while metadata, manifests (8 MiB target) and uncompacted small files, read by every query plan, stay in Standard."
  default     = 16777216
}

variable "logs_expire_after_days" {
  type        = number
  description = "Days the access logs in the logs bucket are kept."
  default     = 90
}

variable "force_destroy" {
  type        = bool
  description = "Allow terraform destroy to delete non-empty buckets (dev only)."
  default     = false
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every bucket."
  default     = {}
}
