output "cluster_name" {
  description = "EKS cluster name."
  value       = aws_eks_cluster.this.name
}

output "cluster_arn" {
  description = "EKS cluster ARN."
  value       = aws_eks_cluster.this.arn
}

output "cluster_endpoint" {
  description = "API server endpoint."
  value       = aws_eks_cluster.this.endpoint
}

output "cluster_certificate_authority" {
  description = "Base64 CA certificate of the API server."
  value       = aws_eks_cluster.this.certificate_authority[0].data
}

output "cluster_security_group_id" {
  description = "Security group of the control plane ENIs."
  value       = aws_security_group.cluster.id
}

output "node_security_group_id" {
  description = "Security group of the nodes and pods; MSK and RDS allow it as a source."
  value       = aws_security_group.nodes.id
}

output "oidc_provider_arn" {
  description = "IAM OIDC provider ARN, for IRSA trust policies."
  value       = aws_iam_openid_connect_provider.this.arn
}

output "oidc_issuer" {
  description = "OIDC issuer host/path without https://, the prefix of IRSA condition keys."
  value       = replace(aws_iam_openid_connect_provider.this.url, "https://", "")
}

output "node_role_arn" {
  description = "IAM role of the managed nodes."
  value       = aws_iam_role.node.arn
}

output "node_group_names" {
  description = "Managed node group names."
  value       = [for g in aws_eks_node_group.this : g.node_group_name]
}

output "log_group_name" {
  description = "Control-plane log group."
  value       = aws_cloudwatch_log_group.cluster.name
}

output "cluster_autoscaler_role_arn" {
  description = "IRSA role for kube-system:cluster-autoscaler (its Helm chart's rbac.serviceAccount annotation)."
  value       = aws_iam_role.autoscaler.arn
}
