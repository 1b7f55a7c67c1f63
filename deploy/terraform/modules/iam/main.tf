locals {
  kafka_arn_suffix = "${var.msk_cluster_name}/${var.msk_cluster_uuid}"
  kafka_cluster    = "arn:aws:kafka:${var.region}:${var.account_id}:cluster/${local.kafka_arn_suffix}"
  kafka_topics     = "arn:aws:kafka:${var.region}:${var.account_id}:topic/${local.kafka_arn_suffix}/commerce.*"
  kafka_group_arn  = "arn:aws:kafka:${var.region}:${var.account_id}:group/${local.kafka_arn_suffix}"

  # Glue authorises a table call on the catalog, the database and the table: one list of ARNs per set of
  # databases (each database is named exactly as its Iceberg namespace).
  glue_prefix = "arn:aws:glue:${var.region}:${var.account_id}"
  glue_arns = {
    for kind, names in { lake = var.lake_databases, warehouse = var.warehouse_databases } : kind => concat(
      ["${local.glue_prefix}:catalog"],
      [for d in names : "${local.glue_prefix}:database/${d}"],
      [for d in names : "${local.glue_prefix}:table/${d}/*"],
    )
  }

  # Each contract namespace is a layer with its own bucket (the glue database's location).
  lake_layers = var.lake_databases

  subject_key_objects = "${var.subject_keys.bucket_arn}/${var.subject_keys.prefix}/*"
}

# The data subjects' keys (docs/security.md, "Keys of the data subjects"). Reading a key that does not exist must
# answer 404, not 403, so every reader may list the prefix. KMS use is bound to the encryption context that
# KmsKeyWrapper always sends, so the key wraps nothing but subjects' data keys.
data "aws_iam_policy_document" "subject_keys" {
  for_each = {
    # generator: creates a subject's key on its first personal value (conditional put), wraps and unwraps it.
    platform = { s3 = ["s3:GetObject", "s3:PutObject"], kms = ["kms:Encrypt", "kms:Decrypt"] }
    # silver opens sealed fields (unwrap only); erasure runs as maintenance under this role and shreds keys.
    spark = { s3 = ["s3:GetObject", "s3:DeleteObject"], kms = ["kms:Decrypt"] }
  }

  statement {
    sid       = "SubjectKeysObjects"
    actions   = each.value.s3
    resources = [local.subject_key_objects]
  }
  statement {
    sid       = "SubjectKeysList"
    actions   = ["s3:ListBucket"]
    resources = [var.subject_keys.bucket_arn]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["${var.subject_keys.prefix}/*"]
    }
  }
  statement {
    sid       = "SubjectKeysWrapping"
    actions   = each.value.kms
    resources = [var.subject_keys.kms_key_arn]
    condition {
      test     = "ForAllValues:StringEquals"
      variable = "kms:EncryptionContextKeys"
      values   = ["lakehouse:subject"]
    }
    condition {
      test     = "Null"
      variable = "kms:EncryptionContextKeys"
      values   = ["false"]
    }
  }
}

data "aws_iam_policy_document" "irsa" {
  for_each = {
    platform = ["system:serviceaccount:${var.namespace}:${var.platform_service_account}"]
    spark    = ["system:serviceaccount:${var.namespace}:${var.spark_service_account}"]
  }

  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [var.oidc_provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${var.oidc_issuer}:sub"
      values   = each.value
    }
    condition {
      test     = "StringEquals"
      variable = "${var.oidc_issuer}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

# ---------------------------------------------------------------- platform role
# generator: produce raw; validator: consume raw, produce valid/dlq, write quarantine objects;
# api: read Iceberg tables (Glue + S3); bootstrap Job: create topics.

data "aws_iam_policy_document" "platform" {
  statement {
    sid = "KafkaCluster"
    # Kafka clients >= 3.0 produce idempotently by default, which MSK authorises per cluster.
    actions   = ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster", "kafka-cluster:WriteDataIdempotently"]
    resources = [local.kafka_cluster]
  }
  statement {
    sid = "KafkaCommerceTopics"
    actions = [
      "kafka-cluster:DescribeTopic", "kafka-cluster:DescribeTopicDynamicConfiguration",
      "kafka-cluster:CreateTopic", "kafka-cluster:AlterTopic",
      "kafka-cluster:ReadData", "kafka-cluster:WriteData",
    ]
    resources = [local.kafka_topics]
  }
  statement {
    sid       = "KafkaConsumerGroups"
    actions   = ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"]
    resources = [for g in var.platform_consumer_groups : "${local.kafka_group_arn}/${g}"]
  }
  statement {
    sid       = "QuarantineWrite"
    actions   = ["s3:PutObject", "s3:GetObject"]
    resources = ["${var.bucket_arns["quarantine"]}/*"]
  }
  statement {
    sid       = "LakeRead"
    actions   = ["s3:GetObject"]
    resources = [for l in local.lake_layers : "${var.bucket_arns[l]}/*"]
  }
  statement {
    sid       = "LakeList"
    actions   = ["s3:ListBucket"]
    resources = concat([for l in local.lake_layers : var.bucket_arns[l]], [var.bucket_arns["quarantine"]])
  }
  statement {
    sid       = "CatalogRead"
    actions   = ["glue:GetDatabase", "glue:GetDatabases", "glue:GetTable", "glue:GetTables"]
    resources = local.glue_arns["lake"]
  }
  statement {
    sid       = "LakeKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.data_kms_key_arn]
  }
}

resource "aws_iam_role" "platform" {
  name               = "${var.name}-platform"
  description        = "IRSA role of the lakehouse platform pods (generator, validator, api, bootstrap)"
  assume_role_policy = data.aws_iam_policy_document.irsa["platform"].json
  tags               = var.tags
}

resource "aws_iam_role_policy" "platform" {
  name   = "platform"
  role   = aws_iam_role.platform.id
  policy = data.aws_iam_policy_document.platform.json
}

resource "aws_iam_role_policy" "platform_subject_keys" {
  name   = "subject-keys"
  role   = aws_iam_role.platform.id
  policy = data.aws_iam_policy_document.subject_keys["platform"].json
}

# ------------------------------------------------------------------- spark role
# stream: Kafka -> bronze/silver/gold with checkpoints; maintain: rewrite and expire files.

data "aws_iam_policy_document" "spark" {
  statement {
    sid       = "KafkaCluster"
    actions   = ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster"]
    resources = [local.kafka_cluster]
  }
  statement {
    sid       = "KafkaReadTopics"
    actions   = ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"]
    resources = [local.kafka_topics]
  }
  statement {
    sid       = "KafkaConsumerGroups"
    actions   = ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"]
    resources = [for g in var.spark_consumer_groups : "${local.kafka_group_arn}/${g}"]
  }
  statement {
    sid     = "LakeReadWrite"
    actions = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
    resources = [
      for l in concat(local.lake_layers, ["checkpoints"]) : "${var.bucket_arns[l]}/*"
    ]
  }
  statement {
    sid       = "QuarantineRead"
    actions   = ["s3:GetObject"]
    resources = ["${var.bucket_arns["quarantine"]}/*"]
  }
  statement {
    sid       = "LakeList"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = [for l in concat(local.lake_layers, ["checkpoints", "quarantine"]) : var.bucket_arns[l]]
  }
  statement {
    sid = "CatalogReadWrite"
    actions = [
      "glue:GetDatabase", "glue:GetDatabases",
      "glue:GetTable", "glue:GetTables", "glue:CreateTable", "glue:UpdateTable", "glue:DeleteTable",
    ]
    resources = local.glue_arns["lake"]
  }
  statement {
    sid       = "LakeKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.data_kms_key_arn]
  }
}

resource "aws_iam_role" "spark" {
  name               = "${var.name}-spark"
  description        = "IRSA role of the Spark driver and executors (the Spark operator's SparkApplications)"
  assume_role_policy = data.aws_iam_policy_document.irsa["spark"].json
  tags               = var.tags
}

resource "aws_iam_role_policy" "spark" {
  name   = "spark"
  role   = aws_iam_role.spark.id
  policy = data.aws_iam_policy_document.spark.json
}

resource "aws_iam_role_policy" "spark_subject_keys" {
  name   = "subject-keys"
  role   = aws_iam_role.spark.id
  policy = data.aws_iam_policy_document.subject_keys["spark"].json
}

# --------------------------------------------------------------- warehouse role
# dbt (dbt-spark's session method inside the Dagster run) and Dagster's checks and observations: read the
# lake's namespaces, build and replace tables in dbt's namespaces (prefixes of the gold bucket, as the glue
# databases' locations say). The Dagster deployment that will use it is not in this repository yet.

data "aws_iam_policy_document" "warehouse" {
  statement {
    sid       = "LakeRead"
    actions   = ["s3:GetObject"]
    resources = [for l in local.lake_layers : "${var.bucket_arns[l]}/*"]
  }
  statement {
    sid       = "WarehouseWrite"
    actions   = ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
    resources = [for d in var.warehouse_databases : "${var.bucket_arns["gold"]}/${d}/*"]
  }
  statement {
    sid       = "LakeList"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = [for l in local.lake_layers : var.bucket_arns[l]]
  }
  statement {
    sid       = "CatalogRead"
    actions   = ["glue:GetDatabase", "glue:GetDatabases", "glue:GetTable", "glue:GetTables"]
    resources = local.glue_arns["lake"]
  }
  statement {
    sid = "WarehouseCatalogReadWrite"
    actions = [
      "glue:GetDatabase", "glue:GetDatabases",
      "glue:GetTable", "glue:GetTables", "glue:CreateTable", "glue:UpdateTable", "glue:DeleteTable",
    ]
    resources = local.glue_arns["warehouse"]
  }
  statement {
    sid       = "LakeKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.data_kms_key_arn]
  }
}

resource "aws_iam_role" "warehouse" {
  name               = "${var.name}-warehouse"
  description        = "IRSA role of dbt and the Dagster runs (read the lake, build dbt's namespaces)"
  assume_role_policy = data.aws_iam_policy_document.irsa["warehouse"].json
  tags               = var.tags
}

resource "aws_iam_role_policy" "warehouse" {
  name   = "warehouse"
  role   = aws_iam_role.warehouse.id
  policy = data.aws_iam_policy_document.warehouse.json
}
