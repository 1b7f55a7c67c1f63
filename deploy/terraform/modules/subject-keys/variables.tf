variable "name" {
  type        = string
  description = "Prefix for every resource name, e.g. lakehouse-prod."
}

variable "account_id" {
  type        = string
  description = "AWS account id, the suffix that makes the bucket name globally unique."
}

variable "prefix" {
  type        = string
  description = "Key prefix of the wrapped keys inside the bucket (Helm privacy.subjectKeys is s3://<bucket>/<prefix>)."
  default     = "subjects"
}

variable "logs_bucket_name" {
  type        = string
  description = "Bucket receiving the S3 server access logs (the data lake's logs bucket)."
}

variable "force_destroy" {
  type        = bool
  description = "Allow terraform destroy to delete a bucket that still holds keys (dev only)."
  default     = false
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
