variable "name" {
  type        = string
  description = "Prefix for every resource name, e.g. lakehouse-prod."
}

variable "region" {
  type        = string
  description = "AWS region; used to build the VPC endpoint service names."
}

variable "cidr_block" {
  type        = string
  description = "IPv4 CIDR of the VPC, e.g. 10.30.0.0/16."

  validation {
    condition     = can(cidrhost(var.cidr_block, 0))
    error_message = "cidr_block must be a valid IPv4 CIDR."
  }
}

variable "availability_zones" {
  type        = list(string)
  description = "Exactly three availability zones: MSK places one broker per zone."

  validation {
    condition     = length(var.availability_zones) == 3
    error_message = "Give exactly three availability zones."
  }
}

variable "single_nat_gateway" {
  type        = bool
  description = "One NAT gateway for all zones (cheaper, loses egress if that zone fails) instead of one per zone."
  default     = false
}

variable "interface_endpoints" {
  type        = list(string)
  description = "AWS services reached through interface endpoints (private DNS), so their traffic avoids the NAT."
  default     = ["glue", "sts"]
}

variable "cluster_name" {
  type        = string
  description = "EKS cluster name, tagged on the subnets so load balancers find them."
}

variable "flow_log_retention_days" {
  type        = number
  description = "Retention of the VPC flow log group, in days."
  default     = 365
}

variable "logs_kms_key_arn" {
  type        = string
  description = "KMS key ARN that encrypts the flow log group."
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
