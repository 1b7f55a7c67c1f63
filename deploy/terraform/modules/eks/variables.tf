variable "name" {
  type        = string
  description = "EKS cluster name, e.g. lakehouse-prod."
}

variable "kubernetes_version" {
  type        = string
  description = "Kubernetes minor version of the control plane and node groups, e.g. 1.33."
}

variable "vpc_id" {
  type        = string
  description = "VPC of the cluster."
}

variable "vpc_cidr_block" {
  type        = string
  description = "VPC CIDR; node egress inside the VPC is allowed to it."
}

variable "subnet_ids" {
  type        = list(string)
  description = "Private subnets (three zones) for the control plane ENIs and the nodes."
}

variable "endpoint_public_access" {
  type        = bool
  description = "Expose the API server endpoint publicly (restricted to public_access_cidrs). Private access is always on."
  default     = false
}

variable "public_access_cidrs" {
  type        = list(string)
  description = "CIDRs allowed to reach a public API endpoint, when endpoint_public_access is true."
  default     = []
}

variable "admin_role_arns" {
  type        = list(string)
  description = "IAM roles granted cluster-admin through EKS access entries (no aws-auth ConfigMap)."
  default     = []
}

variable "node_groups" {
  type = map(object({
    instance_types = list(string)
    capacity_type  = string
    min_size       = number
    max_size       = number
    desired_size   = number
    disk_size_gb   = number
    labels         = map(string)
  }))
  description = "Managed node groups by name: instance types, ON_DEMAND or SPOT, scaling bounds, root volume size and Kubernetes labels."
}

variable "addon_versions" {
  type        = map(string)
  description = "EKS add-on versions by add-on name; an add-on missing here gets the default version for the cluster."
  default     = {}
}

variable "eks_kms_key_arn" {
  type        = string
  description = "KMS key ARN for envelope encryption of Kubernetes secrets and node root volumes."
}

variable "logs_kms_key_arn" {
  type        = string
  description = "KMS key ARN for the control-plane log group."
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the control-plane log group, in days."
  default     = 365
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
