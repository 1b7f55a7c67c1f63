# One customer-managed key per data domain, so a key policy or a key compromise touches one
# kind of data only, and CloudTrail shows which workload decrypted what.
locals {
  purposes = {
    data = "S3 data lake buckets and the Glue Data Catalog"
    msk  = "MSK broker storage"
    rds  = "RDS PostgreSQL storage, snapshots, Performance Insights and the master secret"
    eks  = "EKS Kubernetes secrets envelope encryption and node volumes"
    logs = "CloudWatch log groups and the alarm SNS topic"
  }
}

data "aws_iam_policy_document" "key" {
  #checkov:skip=CKV_AWS_109:In a key policy Resource "*" means this key only; admin rights stay with the account root
  #checkov:skip=CKV_AWS_111:In a key policy Resource "*" means this key only; the Logs principal is bound to this account
  #checkov:skip=CKV_AWS_356:A key policy cannot name the key's own ARN before it exists; "*" is scoped to the key by AWS
  for_each = local.purposes

  # Account root administers the key; IAM policies of the workloads then grant use of it.
  statement {
    sid       = "AccountAdministration"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${var.account_id}:root"]
    }
  }

  dynamic "statement" {
    for_each = each.key == "logs" ? [1] : []
    content {
      sid = "CloudWatchLogsAndAlarms"
      actions = [
        "kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey",
      ]
      resources = ["*"]
      principals {
        type        = "Service"
        identifiers = ["logs.${var.region}.amazonaws.com", "cloudwatch.amazonaws.com"]
      }
      condition {
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [var.account_id]
      }
    }
  }
}

resource "aws_kms_key" "this" {
  for_each = local.purposes

  description             = "${var.name}: ${each.value}"
  enable_key_rotation     = true
  deletion_window_in_days = var.deletion_window_in_days
  policy                  = data.aws_iam_policy_document.key[each.key].json
  tags                    = merge(var.tags, { Name = "${var.name}-${each.key}" })
}

resource "aws_kms_alias" "this" {
  for_each = local.purposes

  name          = "alias/${var.name}-${each.key}"
  target_key_id = aws_kms_key.this[each.key].key_id
}
