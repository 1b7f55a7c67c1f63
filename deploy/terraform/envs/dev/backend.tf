# Remote state on S3 with S3-native locking (use_lockfile, Terraform >= 1.10; no DynamoDB
# table needed). Bucket and region are per account, so they come from a file at init:
#   terraform init -backend-config=backend.hcl      (copy backend.hcl.example)
terraform {
  backend "s3" {
    key          = "lakehouse/dev/terraform.tfstate"
    encrypt      = true
    use_lockfile = true
  }
}
