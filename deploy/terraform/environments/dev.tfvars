# dev: smallest footprint that still runs every component; see docs/cost.md.
environment        = "dev"
region             = "eu-west-1"
availability_zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
vpc_cidr           = "10.20.0.0/16"
single_nat_gateway = true

kubernetes_version = "1.33"
node_groups = {
  general = {
    instance_types = ["m7g.large"]
    capacity_type  = "ON_DEMAND"
    min_size       = 2
    max_size       = 4
    desired_size   = 2
    disk_size_gb   = 50
    labels         = { workload = "general" }
  }
  spark = {
    instance_types = ["r7g.large", "r6g.large"]
    capacity_type  = "SPOT"
    min_size       = 1
    max_size       = 3
    desired_size   = 1
    disk_size_gb   = 100
    labels         = { workload = "spark" }
  }
}

msk_kafka_version      = "3.8.x"
msk_instance_type      = "kafka.t3.small"
msk_broker_count       = 3
msk_ebs_volume_size_gb = 100

rds_instance_class           = "db.t4g.micro"
rds_allocated_storage_gb     = 20
rds_max_allocated_storage_gb = 50
rds_multi_az                 = false
rds_backup_retention_days    = 7

# Shorter than prod: dev data is synthetic and can be regenerated. Iceberg layers never
# expire through S3 (see modules/s3-datalake); quarantine holds plain objects and does.
lake_retention = {
  bronze      = { ia_after_days = 30, glacier_after_days = 0, expire_after_days = 0, noncurrent_expire_after = 7 }
  silver      = { ia_after_days = 30, glacier_after_days = 0, expire_after_days = 0, noncurrent_expire_after = 7 }
  gold        = { ia_after_days = 60, glacier_after_days = 0, expire_after_days = 0, noncurrent_expire_after = 7 }
  checkpoints = { ia_after_days = 0, glacier_after_days = 0, expire_after_days = 0, noncurrent_expire_after = 3 }
  quarantine  = { ia_after_days = 0, glacier_after_days = 0, expire_after_days = 30, noncurrent_expire_after = 3 }
}

log_retention_days    = 365
force_destroy_buckets = true
