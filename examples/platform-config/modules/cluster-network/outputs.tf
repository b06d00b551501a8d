output "vpc_id" {
  description = "ID of the cluster's VPC."
  value       = data.aws_vpc.cluster.id
}

output "vpc_cidr" {
  description = "Primary CIDR of the cluster's VPC: the cluster's nodes and pods."
  value       = data.aws_vpc.cluster.cidr_block
}

output "data_subnet_ids" {
  description = "IDs of the VPC's private data subnets (tag runway.dev/subnet-tier = private-data), sorted."
  value       = local.data_subnet_ids
}

output "data_subnet_cidrs" {
  description = "CIDR blocks of the private data subnets, in the order of data_subnet_ids."
  value       = [for id in local.data_subnet_ids : data.aws_subnet.data[id].cidr_block]
}
