# One database per Iceberg namespace of catalog `lake`, named exactly as the namespace: Iceberg's Glue
# catalog keeps namespace N in the Glue database N (no prefix), and creates a table under its database's
# location, so each namespace's data lands in the bucket (and prefix) its caller chose, with that bucket's
# lifecycle. Names carry no environment: every environment has its own AWS account (docs/deployment.md §5).
resource "aws_glue_catalog_database" "namespace" {
  for_each = var.databases

  name         = each.key
  description  = "Iceberg tables of namespace ${each.key}"
  location_uri = each.value
}

resource "aws_glue_data_catalog_encryption_settings" "this" {
  count = var.manage_catalog_encryption ? 1 : 0

  data_catalog_encryption_settings {
    connection_password_encryption {
      return_connection_password_encrypted = true
      aws_kms_key_id                       = var.kms_key_arn
    }
    encryption_at_rest {
      catalog_encryption_mode = "SSE-KMS"
      sse_aws_kms_key_id      = var.kms_key_arn
    }
  }
}
