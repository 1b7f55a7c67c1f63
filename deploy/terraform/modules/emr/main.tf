# EMR on EKS: Spark job runs on the EKS nodes we already pay for, using the EMR runtime
# (EMRFS, tuned Spark) when a run wants it. The long-running stream and the hourly
# maintenance run through the Spark operator (Helm chart); this virtual cluster serves
# ad-hoc and backfill runs submitted with `aws emr-containers start-job-run`.

# The EMR service-linked role needs namespace-scoped rights to create driver pods.
resource "aws_eks_access_entry" "emr" {
  cluster_name  = var.eks_cluster_name
  principal_arn = "arn:aws:iam::${var.account_id}:role/AWSServiceRoleForAmazonEMRContainers"
  type          = "STANDARD"
  tags          = var.tags
}

resource "aws_eks_access_policy_association" "emr" {
  cluster_name  = var.eks_cluster_name
  principal_arn = aws_eks_access_entry.emr.principal_arn
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEMRJobPolicy"

  access_scope {
    type       = "namespace"
    namespaces = [var.namespace]
  }
}

resource "aws_emrcontainers_virtual_cluster" "this" {
  name = var.name

  container_provider {
    id   = var.eks_cluster_name
    type = "EKS"
    info {
      eks_info {
        namespace = var.namespace
      }
    }
  }

  tags       = var.tags
  depends_on = [aws_eks_access_policy_association.emr]
}

resource "aws_cloudwatch_log_group" "jobs" {
  name              = "/aws/emr-containers/${var.name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.logs_kms_key_arn
  tags              = var.tags
}

data "aws_iam_policy_document" "job_logs" {
  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
    resources = ["${aws_cloudwatch_log_group.jobs.arn}:*"]
  }
}

resource "aws_iam_role_policy" "job_logs" {
  name   = "emr-job-logs"
  role   = var.job_role_name
  policy = data.aws_iam_policy_document.job_logs.json
}
