variable "databases" {
  type        = map(string)
  description = "S3 location by Glue database name; each name is an Iceberg namespace of catalog `lake` (the Glue catalog's database of that namespace), each location where its tables land."
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
