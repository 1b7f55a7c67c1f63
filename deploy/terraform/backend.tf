# Remote state on S3 with S3-native locking (use_lockfile, Terraform >= 1.10; no DynamoDB
# table needed). Bucket, region and the state key are per account and environment, so they come
# from a file at init (copy environments/<env>.backend.hcl.example to environments/<env>.backend.hcl):
#   terraform init -reconfigure -backend-config=environments/dev.backend.hcl
terraform {
  backend "s3" {
    encrypt      = true
    use_lockfile = true
  }
}
