variable "name" {
  type        = string
  description = "Repository name prefix, e.g. lakehouse (repositories lakehouse/platform and lakehouse/spark-jobs)."
}

variable "repositories" {
  type        = list(string)
  description = "Image names under the prefix."
  default     = ["platform", "spark-jobs"]
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key ARN that encrypts the images at rest."
}

variable "keep_images" {
  type        = number
  description = "Number of tagged images kept per repository; older ones expire."
  default     = 50
}

variable "pull_role_arns" {
  type        = list(string)
  description = "IAM roles allowed to pull (the EKS node role); pushing stays with the account's CI role through IAM."
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every repository."
  default     = {}
}
