variable "name" {
  type        = string
  description = "Prefix for every resource name, e.g. lakehouse-prod."
}

variable "account_id" {
  type        = string
  description = "AWS account id that owns the keys (from aws_caller_identity in the env)."
}

variable "region" {
  type        = string
  description = "AWS region of the keys; used to scope the CloudWatch Logs service principal."
}

variable "deletion_window_in_days" {
  type        = number
  description = "Waiting period before a scheduled key deletion completes (7-30 days)."
  default     = 30

  validation {
    condition     = var.deletion_window_in_days >= 7 && var.deletion_window_in_days <= 30
    error_message = "deletion_window_in_days must be between 7 and 30."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every key."
  default     = {}
}
