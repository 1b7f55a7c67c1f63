variable "name" {
  type        = string
  description = "Prefix of the role names, e.g. lakehouse-prod."
}

variable "account_id" {
  type        = string
  description = "AWS account id, used to build resource ARNs."
}

variable "region" {
  type        = string
  description = "AWS region, used to build resource ARNs."
}

variable "oidc_provider_arn" {
  type        = string
  description = "IAM OIDC provider of the EKS cluster (IRSA)."
}

variable "oidc_issuer" {
  type        = string
  description = "OIDC issuer without https://, prefix of the IRSA condition keys."
}

variable "namespace" {
  type        = string
  description = "Kubernetes namespace of the Helm release."
  default     = "lakehouse"
}

variable "platform_service_account" {
  type        = string
  description = "Service account of the platform Deployments and the bootstrap Job (Helm: <release>-lakehouse or serviceAccount.name)."
  default     = "lakehouse"
}

variable "spark_service_account" {
  type        = string
  description = "Service account of the Spark operator's driver and executor pods."
  default     = "lakehouse-spark"
}

variable "warehouse_service_account" {
  type        = string
  description = "Service account of the pods that run dbt and the Dagster checks."
  default     = "lakehouse-dagster"
}

variable "bucket_arns" {
  type        = map(string)
  description = "Data lake bucket ARN by layer (bronze, silver, gold, checkpoints, quarantine)."
}

variable "lake_databases" {
  type        = list(string)
  description = "Glue databases of the namespaces spark-jobs writes (lake-contract.json), each also a layer whose bucket is bucket_arns[name]: the Spark role writes them, the platform and warehouse roles read them."
}

variable "warehouse_databases" {
  type        = list(string)
  description = "Glue databases of dbt's namespaces: the warehouse role writes them (tables under the gold bucket's <database>/ prefix)."
}

variable "msk_cluster_name" {
  type        = string
  description = "MSK cluster name, part of topic and group ARNs."
}

variable "msk_cluster_uuid" {
  type        = string
  description = "MSK cluster UUID, part of topic and group ARNs."
}

variable "platform_consumer_groups" {
  type        = list(string)
  description = "Kafka consumer group name patterns of the platform roles (group ARNs end with them)."
  default     = ["lakehouse-*"]
}

variable "spark_consumer_groups" {
  type        = list(string)
  description = "Kafka consumer group patterns of the Spark jobs; Spark's Kafka source names its groups spark-kafka-source-* unless groupIdPrefix is set."
  default     = ["lakehouse-*", "spark-kafka-source-*"]
}

variable "data_kms_key_arn" {
  type        = string
  description = "KMS key of the data lake buckets and the Glue catalog."
}

variable "subject_keys" {
  type = object({
    bucket_arn  = string
    prefix      = string
    kms_key_arn = string
  })
  description = "The data subjects' wrapped keys: their bucket, key prefix and the KMS key that wraps them (modules/subject-keys)."
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every role."
  default     = {}
}
