# The one root module for every environment: the environments differ only in environments/<env>.tfvars
# (sizes, counts, retention) and their backend key (environments/<env>.backend.hcl).
#   terraform init -reconfigure -backend-config=environments/dev.backend.hcl
#   terraform plan -var-file=environments/dev.tfvars

data "aws_caller_identity" "current" {}

locals {
  name       = "${var.project}-${var.environment}"
  account_id = data.aws_caller_identity.current.account_id
  tags = {
    Project     = var.project
    Environment = var.environment
    ManagedBy   = "terraform"
  }

  # The Iceberg namespaces of catalog `lake`, read from their one home each (paths from this directory):
  # spark-jobs' from lake-contract.json (generated from contracts' LakeTables), dbt's from dbt_project.yml
  # (each model folder's +schema, the snapshots' +target_schema). Iceberg's Glue catalog keeps namespace N
  # in the Glue database N, so these lists are the Glue databases (deploy/checks/terraform_lint.py holds
  # the glue module to them).
  lake_contract   = jsondecode(file("${path.module}/../../contracts/lake-contract.json"))
  dbt_project     = yamldecode(file("${path.module}/../../dbt/dbt_project.yml"))
  lake_namespaces = local.lake_contract.namespaces
  dbt_namespaces = distinct(concat(
    [for folder in values(local.dbt_project.models.lakehouse_warehouse) : folder["+schema"] if can(folder["+schema"])],
    [local.dbt_project.snapshots.lakehouse_warehouse["+target_schema"]],
  ))
}

module "kms" {
  source     = "./modules/kms"
  name       = local.name
  account_id = local.account_id
  region     = var.region
  tags       = local.tags
}

module "vpc" {
  source                  = "./modules/vpc"
  name                    = local.name
  region                  = var.region
  cidr_block              = var.vpc_cidr
  availability_zones      = var.availability_zones
  single_nat_gateway      = var.single_nat_gateway
  cluster_name            = local.name
  flow_log_retention_days = var.log_retention_days
  logs_kms_key_arn        = module.kms.key_arns["logs"]
  tags                    = local.tags
}

module "eks" {
  source                 = "./modules/eks"
  name                   = local.name
  kubernetes_version     = var.kubernetes_version
  vpc_id                 = module.vpc.vpc_id
  vpc_cidr_block         = module.vpc.vpc_cidr_block
  subnet_ids             = module.vpc.private_subnet_ids
  endpoint_public_access = var.eks_endpoint_public_access
  public_access_cidrs    = var.eks_public_access_cidrs
  admin_role_arns        = var.eks_admin_role_arns
  node_groups            = var.node_groups
  eks_kms_key_arn        = module.kms.key_arns["eks"]
  logs_kms_key_arn       = module.kms.key_arns["logs"]
  log_retention_days     = var.log_retention_days
  tags                   = local.tags
}

module "msk" {
  source                    = "./modules/msk"
  name                      = local.name
  kafka_version             = var.msk_kafka_version
  vpc_id                    = module.vpc.vpc_id
  subnet_ids                = module.vpc.private_subnet_ids
  client_security_group_ids = [module.eks.node_security_group_id]
  broker_count              = var.msk_broker_count
  instance_type             = var.msk_instance_type
  ebs_volume_size_gb        = var.msk_ebs_volume_size_gb
  kms_key_arn               = module.kms.key_arns["msk"]
  logs_kms_key_arn          = module.kms.key_arns["logs"]
  log_retention_days        = var.log_retention_days
  tags                      = local.tags
}

module "lake" {
  source        = "./modules/s3-datalake"
  name          = local.name
  account_id    = local.account_id
  kms_key_arn   = module.kms.key_arns["data"]
  layers        = var.lake_retention
  force_destroy = var.force_destroy_buckets
  tags          = local.tags
}

# The data subjects' wrapped keys, apart from the data they protect, in a bucket that keeps no versions.
module "subject_keys" {
  source           = "./modules/subject-keys"
  name             = local.name
  account_id       = local.account_id
  logs_bucket_name = module.lake.logs_bucket_name
  force_destroy    = var.force_destroy_buckets
  tags             = local.tags
}

# The databases are named exactly as the namespaces, with no environment in the name: each environment
# is its own AWS account (docs/deployment.md §5). A contract namespace is a layer with its own bucket
# (a lake_retention key); dbt's namespaces hold derived tables and share the gold bucket, one prefix each.
module "glue" {
  source = "./modules/glue"
  databases = merge(
    { for ns in local.lake_namespaces : ns => "s3://${module.lake.bucket_names[ns]}/" },
    { for ns in local.dbt_namespaces : ns => "s3://${module.lake.bucket_names["gold"]}/${ns}/" },
  )
  kms_key_arn               = module.kms.key_arns["data"]
  manage_catalog_encryption = var.manage_glue_catalog_encryption
}

module "rds" {
  source                    = "./modules/rds"
  name                      = local.name
  instance_class            = var.rds_instance_class
  allocated_storage_gb      = var.rds_allocated_storage_gb
  max_allocated_storage_gb  = var.rds_max_allocated_storage_gb
  multi_az                  = var.rds_multi_az
  backup_retention_days     = var.rds_backup_retention_days
  vpc_id                    = module.vpc.vpc_id
  subnet_ids                = module.vpc.private_subnet_ids
  client_security_group_ids = [module.eks.node_security_group_id]
  kms_key_arn               = module.kms.key_arns["rds"]
  logs_kms_key_arn          = module.kms.key_arns["logs"]
  log_retention_days        = var.log_retention_days
  tags                      = local.tags
}

module "iam" {
  source              = "./modules/iam"
  name                = local.name
  account_id          = local.account_id
  region              = var.region
  oidc_provider_arn   = module.eks.oidc_provider_arn
  oidc_issuer         = module.eks.oidc_issuer
  namespace           = var.k8s_namespace
  bucket_arns         = module.lake.bucket_arns
  lake_databases      = local.lake_namespaces
  warehouse_databases = local.dbt_namespaces
  msk_cluster_name    = module.msk.cluster_name
  msk_cluster_uuid    = module.msk.cluster_uuid
  data_kms_key_arn    = module.kms.key_arns["data"]
  subject_keys = {
    bucket_arn  = module.subject_keys.bucket_arn
    prefix      = module.subject_keys.prefix
    kms_key_arn = module.kms.key_arns["subjects"]
  }
  tags = local.tags
}

# Named per environment (lakehouse-<env>/platform) like every other resource of this stack.
module "ecr" {
  source         = "./modules/ecr"
  name           = local.name
  kms_key_arn    = module.kms.key_arns["data"]
  pull_role_arns = [module.eks.node_role_arn]
  tags           = local.tags
}

module "observability" {
  source           = "./modules/observability"
  name             = local.name
  logs_kms_key_arn = module.kms.key_arns["logs"]
  alarm_emails     = var.alarm_emails
  msk_cluster_name = module.msk.cluster_name
  msk_broker_count = var.msk_broker_count
  rds_instance_id  = module.rds.instance_id
  eks_cluster_name = module.eks.cluster_name
  tags             = local.tags
}
