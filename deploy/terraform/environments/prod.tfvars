# prod: one NAT and one broker per zone, Multi-AZ database, retention per the data policy.
environment        = "prod"
region             = "eu-west-1"
availability_zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
vpc_cidr           = "10.30.0.0/16"
single_nat_gateway = false

kubernetes_version = "1.33"
node_groups = {
  general = {
    instance_types = ["m7g.xlarge"]
    capacity_type  = "ON_DEMAND"
    min_size       = 3
    max_size       = 9
    desired_size   = 3
    disk_size_gb   = 100
    labels         = { workload = "general" }
  }
  # The stream runs here around the clock: on-demand, since a spot reclaim restarts it.
  spark = {
    instance_types = ["r7g.xlarge"]
    capacity_type  = "ON_DEMAND"
    min_size       = 2
    max_size       = 6
    desired_size   = 3
    disk_size_gb   = 200
    labels         = { workload = "spark" }
  }
}

msk_kafka_version      = "3.8.x"
msk_instance_type      = "kafka.m7g.large"
msk_broker_count       = 3
msk_ebs_volume_size_gb = 1000

rds_instance_class           = "db.m7g.large"
rds_allocated_storage_gb     = 100
rds_max_allocated_storage_gb = 500
rds_multi_az                 = true
rds_backup_retention_days    = 14

# Retention policy: bronze 90 days hot, then Standard-IA, Glacier Instant Retrieval after 180;
# silver and gold stay hot longer (they are what users query); quarantine 30 days. Deleting
# old rows of Iceberg tables is the maintain job's work (DELETE + expire_snapshots), not S3's.
lake_retention = {
  bronze      = { ia_after_days = 90, glacier_after_days = 180, expire_after_days = 0, noncurrent_expire_after = 30 }
  silver      = { ia_after_days = 180, glacier_after_days = 365, expire_after_days = 0, noncurrent_expire_after = 30 }
  gold        = { ia_after_days = 365, glacier_after_days = 0, expire_after_days = 0, noncurrent_expire_after = 30 }
  checkpoints = { ia_after_days = 0, glacier_after_days = 0, expire_after_days = 0, noncurrent_expire_after = 7 }
  quarantine  = { ia_after_days = 0, glacier_after_days = 0, expire_after_days = 30, noncurrent_expire_after = 7 }
}

log_retention_days    = 365
force_destroy_buckets = false
alarm_emails          = []
