# One customer-managed key per data domain, so a key policy or a key compromise touches one
# kind of data only, and CloudTrail shows which workload decrypted what.
locals {
  purposes = {
    data = "S3 data lake buckets and the Glue Data Catalog"
    msk  = "MSK broker storage"
    rds  = "RDS PostgreSQL storage, snapshots, Performance Insights and the master secret"
    eks  = "EKS Kubernetes secrets envelope encryption and node volumes"
    logs = "CloudWatch log groups and the alarm SNS topic"
    # Wraps one data key per data subject (crypto-shredding; docs/security.md, "Keys of the data subjects"):
    # the generator wraps and unwraps, Spark unwraps, the IAM policies of modules/iam say so.
    subjects = "the data subjects' keys (envelope encryption of personal fields)"
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

  # CloudWatch Logs encrypts this account's log groups with the logs key.
  dynamic "statement" {
    for_each = each.key == "logs" ? [1] : []
    content {
      sid = "CloudWatchLogs"
      actions = [
        "kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey",
      ]
      resources = ["*"]
      principals {
        type        = "Service"
        identifiers = ["logs.${var.region}.amazonaws.com"]
      }
      condition {
        test     = "ArnLike"
        variable = "kms:EncryptionContext:aws:logs:arn"
        values   = ["arn:aws:logs:${var.region}:${var.account_id}:*"]
      }
    }
  }

  # CloudWatch alarms publish to the SNS topic encrypted with the logs key; the topic's own
  # policy decides who may publish, the key only lets the alarm service encrypt the message.
  dynamic "statement" {
    for_each = each.key == "logs" ? [1] : []
    content {
      sid       = "CloudWatchAlarmsToEncryptedTopic"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
      resources = ["*"]
      principals {
        type        = "Service"
        identifiers = ["cloudwatch.amazonaws.com"]
      }
    }
  }

  # EC2 Auto Scaling launches the EKS nodes, whose root volumes are encrypted with the eks
  # key: its service-linked role must use the key and create grants for the volumes.
  dynamic "statement" {
    for_each = each.key == "eks" ? [1] : []
    content {
      sid       = "AutoScalingEncryptedVolumes"
      actions   = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]
      resources = ["*"]
      principals {
        type        = "AWS"
        identifiers = ["arn:aws:iam::${var.account_id}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"]
      }
    }
  }

  dynamic "statement" {
    for_each = each.key == "eks" ? [1] : []
    content {
      sid       = "AutoScalingVolumeGrants"
      actions   = ["kms:CreateGrant"]
      resources = ["*"]
      principals {
        type        = "AWS"
        identifiers = ["arn:aws:iam::${var.account_id}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"]
      }
      condition {
        test     = "Bool"
        variable = "kms:GrantIsForAWSResource"
        values   = ["true"]
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
