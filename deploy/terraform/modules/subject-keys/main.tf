# The data subjects' wrapped keys (crypto-shredding; docs/security.md, "Keys of the data subjects"): one small
# object per subject under var.prefix, each a data key wrapped by the KMS key `subjects`. Deleting the object is the
# erasure of every value sealed with that key, in every copy of the data, so this bucket must never keep an old
# version of an object: versioning is never enabled (and a bucket policy forbids enabling it), and noncurrent
# versions would expire after a day should it ever be.

resource "aws_s3_bucket" "keys" {
  #checkov:skip=CKV_AWS_21:Versioning would keep a shredded key readable as an old version: the erasure must be final
  #checkov:skip=CKV_AWS_144:A replica in another region would keep every shredded key: the erasure must reach all copies
  #checkov:skip=CKV_AWS_145:The objects are already ciphertext under the KMS key `subjects`; SSE-KMS on top would make every writer need kms:GenerateDataKey on a second key for no gain
  #checkov:skip=CKV2_AWS_62:No consumer reacts to new key objects; event notifications would be unused
  bucket        = "${var.name}-subject-keys-${var.account_id}"
  force_destroy = var.force_destroy
  tags          = merge(var.tags, { Layer = "subject-keys" })
}

resource "aws_s3_bucket_ownership_controls" "keys" {
  bucket = aws_s3_bucket.keys.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "keys" {
  bucket                  = aws_s3_bucket.keys.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "keys" {
  bucket = aws_s3_bucket.keys.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_logging" "keys" {
  bucket        = aws_s3_bucket.keys.id
  target_bucket = var.logs_bucket_name
  target_prefix = "s3/subject-keys/"
}

# Never versioned, so this only matters if someone enabled versioning by hand against the policy below: an old
# version of a shredded key is gone a day later, within GDPR's month with room to spare.
resource "aws_s3_bucket_lifecycle_configuration" "keys" {
  bucket = aws_s3_bucket.keys.id
  rule {
    id     = "no-old-keys"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = 1
    }
    expiration {
      expired_object_delete_marker = true
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

data "aws_iam_policy_document" "keys" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.keys.arn, "${aws_s3_bucket.keys.arn}/*"]
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
  # Versioning would turn every shred into a delete marker over a readable key. Nobody may switch it on; an
  # administrator who must would first have to remove this statement, which CloudTrail records.
  statement {
    sid       = "DenyVersioning"
    effect    = "Deny"
    actions   = ["s3:PutBucketVersioning", "s3:PutReplicationConfiguration"]
    resources = [aws_s3_bucket.keys.arn]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_s3_bucket_policy" "keys" {
  bucket = aws_s3_bucket.keys.id
  policy = data.aws_iam_policy_document.keys.json

  depends_on = [aws_s3_bucket_public_access_block.keys]
}
