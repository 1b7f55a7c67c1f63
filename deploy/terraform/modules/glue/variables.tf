variable "name" {
  type        = string
  description = "Database name prefix; dashes become underscores (Glue/Athena names), e.g. lakehouse_prod."
}

variable "layer_locations" {
  type        = map(string)
  description = "S3 location by layer (bronze, silver, gold): each becomes a Glue database whose tables land in that bucket."
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key ARN that encrypts the Data Catalog metadata and connection passwords."
}

variable "manage_catalog_encryption" {
  type        = bool
  description = "Set the account-wide Data Catalog encryption settings (one per account and region; turn off if another stack owns them)."
  default     = true
}
