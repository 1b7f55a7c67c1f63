locals {
  bucket_names = merge(
    { for layer, _ in var.layers : layer => "${var.name}-${layer}-${var.account_id}" },
    { logs = "${var.name}-logs-${var.account_id}" },
  )
}

# ------------------------------------------------------------------- logs bucket

# Receives the server access logs of the data buckets. S3 log delivery cannot write to a
# bucket encrypted with SSE-KMS, so this one bucket uses SSE-S3.
resource "aws_s3_bucket" "logs" {
  #checkov:skip=CKV_AWS_18:This is the access-log target; logging it to itself would loop
  #checkov:skip=CKV_AWS_145:S3 server access log delivery supports SSE-S3 only, not SSE-KMS
  #checkov:skip=CKV_AWS_144:Access logs are not replicated cross-region; they are audit data kept 90 days
  #checkov:skip=CKV2_AWS_62:No consumer reacts to new log objects; event notifications would be unused
  bucket        = local.bucket_names.logs
  force_destroy = var.force_destroy
  tags          = merge(var.tags, { Layer = "logs" })
}

resource "aws_s3_bucket_ownership_controls" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = aws_s3_bucket.logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "logs" {
  bucket = aws_s3_bucket.logs.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    id     = "expire-logs"
    status = "Enabled"
    filter {}
    expiration {
      days = var.logs_expire_after_days
    }
    noncurrent_version_expiration {
      noncurrent_days = 7
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

data "aws_iam_policy_document" "logs" {
  statement {
    sid       = "S3ServerAccessLogs"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.logs.arn}/s3/*"]
    principals {
      type        = "Service"
      identifiers = ["logging.s3.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [var.account_id]
    }
  }
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.logs.arn, "${aws_s3_bucket.logs.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = data.aws_iam_policy_document.logs.json
}

# ------------------------------------------------------------------ data buckets

resource "aws_s3_bucket" "data" {
  #checkov:skip=CKV_AWS_144:Cross-region replication doubles storage cost; Iceberg snapshots plus versioning cover recovery, and a DR copy is an opt-in outside this module
  #checkov:skip=CKV2_AWS_62:Spark discovers new data through the Iceberg catalog, not through S3 events
  for_each = var.layers

  bucket        = local.bucket_names[each.key]
  force_destroy = var.force_destroy
  tags          = merge(var.tags, { Layer = each.key })
}

resource "aws_s3_bucket_ownership_controls" "data" {
  for_each = var.layers
  bucket   = aws_s3_bucket.data[each.key].id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "data" {
  for_each                = var.layers
  bucket                  = aws_s3_bucket.data[each.key].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "data" {
  for_each = var.layers
  bucket   = aws_s3_bucket.data[each.key].id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  for_each = var.layers
  bucket   = aws_s3_bucket.data[each.key].id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
    # Bucket keys cut KMS request charges by ~99% for Iceberg's many small metadata reads.
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_logging" "data" {
  for_each      = var.layers
  bucket        = aws_s3_bucket.data[each.key].id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "s3/${each.key}/"
}

resource "aws_s3_bucket_lifecycle_configuration" "data" {
  for_each = var.layers
  bucket   = aws_s3_bucket.data[each.key].id

  rule {
    id     = "retention"
    status = "Enabled"
    filter {}

    dynamic "expiration" {
      for_each = each.value.expire_after_days > 0 ? [each.value.expire_after_days] : []
      content {
        days = expiration.value
      }
    }

    # Iceberg deletes files by removing them from the table; versioning keeps them for this long.
    noncurrent_version_expiration {
      noncurrent_days = each.value.noncurrent_expire_after
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }

  # Tiering by size rather than prefix: Iceberg puts data and metadata under the same table
  # prefix, and a manifest in an archive class would break planning for the whole table.
  # Glacier Instant Retrieval (not Flexible) keeps old partitions queryable without a restore.
  dynamic "rule" {
    for_each = each.value.ia_after_days > 0 || each.value.glacier_after_days > 0 ? [1] : []
    content {
      id     = "tiering"
      status = "Enabled"
      filter {
        object_size_greater_than = var.tier_min_object_bytes
      }

      dynamic "transition" {
        for_each = each.value.ia_after_days > 0 ? [each.value.ia_after_days] : []
        content {
          days          = transition.value
          storage_class = "STANDARD_IA"
        }
      }

      dynamic "transition" {
        for_each = each.value.glacier_after_days > 0 ? [each.value.glacier_after_days] : []
        content {
          days          = transition.value
          storage_class = "GLACIER_IR"
        }
      }
    }
  }

  depends_on = [aws_s3_bucket_versioning.data]
}

data "aws_iam_policy_document" "data" {
  for_each = var.layers

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.data[each.key].arn, "${aws_s3_bucket.data[each.key].arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  # Objects must arrive encrypted with the lake key, not another one a client picked.
  statement {
    sid       = "DenyOtherKmsKeys"
    effect    = "Deny"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.data[each.key].arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "StringNotEqualsIfExists"
      variable = "s3:x-amz-server-side-encryption-aws-kms-key-id"
      values   = [var.kms_key_arn]
    }
  }
}

resource "aws_s3_bucket_policy" "data" {
  for_each = var.layers
  bucket   = aws_s3_bucket.data[each.key].id
  policy   = data.aws_iam_policy_document.data[each.key].json
}
