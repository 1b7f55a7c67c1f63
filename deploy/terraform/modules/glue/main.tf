locals {
  prefix = replace(var.name, "-", "_")
}

# One database per layer; the Iceberg Glue catalog creates tables under the database's
# location, so each layer's data lands in its own bucket with its own lifecycle.
resource "aws_glue_catalog_database" "layer" {
  for_each = var.layer_locations

  name         = "${local.prefix}_${each.key}"
  description  = "Iceberg tables of the ${each.key} layer"
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
