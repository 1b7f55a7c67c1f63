output "vpc_id" {
  description = "Id of the VPC."
  value       = aws_vpc.this.id
}

output "vpc_cidr_block" {
  description = "IPv4 CIDR of the VPC (for NetworkPolicy egress and security group rules)."
  value       = aws_vpc.this.cidr_block
}

output "private_subnet_ids" {
  description = "Private subnet ids, one per availability zone, in zone order."
  value       = aws_subnet.private[*].id
}

output "public_subnet_ids" {
  description = "Public subnet ids, one per availability zone, in zone order."
  value       = aws_subnet.public[*].id
}

output "private_route_table_ids" {
  description = "Private route table ids."
  value       = aws_route_table.private[*].id
}

output "nat_gateway_public_ips" {
  description = "Public IPs the private subnets egress from (for allow-lists elsewhere)."
  value       = aws_eip.nat[*].public_ip
}

output "s3_endpoint_id" {
  description = "Id of the S3 gateway endpoint (bucket policies can require it)."
  value       = aws_vpc_endpoint.s3.id
}

output "interface_endpoint_ids" {
  description = "Interface endpoint id by service name."
  value       = { for k, v in aws_vpc_endpoint.interface : k => v.id }
}

output "flow_log_group_name" {
  description = "CloudWatch log group of the VPC flow logs."
  value       = aws_cloudwatch_log_group.flow_logs.name
}
