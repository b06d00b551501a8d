# Read-only lookups of the cluster's network, shared by modules/service and the
# modules/database/* modules so that a service's main.tf needs no data sources
# or references: the EKS cluster by name, its VPC (dedicated to the cluster, so
# its CIDR is the cluster's CIDR: nodes and, with the VPC CNI, pods) and the
# VPC's private data subnets, tagged runway.dev/subnet-tier = private-data.
# It creates nothing.

data "aws_eks_cluster" "this" {
  name = var.cluster_name
}

data "aws_vpc" "cluster" {
  id = data.aws_eks_cluster.this.vpc_config[0].vpc_id
}

data "aws_subnets" "data" {
  filter {
    name   = "vpc-id"
    values = [data.aws_vpc.cluster.id]
  }

  tags = {
    "runway.dev/subnet-tier" = "private-data"
  }

  # A DB subnet group needs two availability zones; fail the plan with a clear
  # message rather than in the middle of an apply.
  lifecycle {
    postcondition {
      condition     = length(self.ids) >= 2
      error_message = "The VPC of EKS cluster ${var.cluster_name} needs at least two subnets tagged runway.dev/subnet-tier = private-data, in different availability zones."
    }
  }
}

data "aws_subnet" "data" {
  for_each = toset(data.aws_subnets.data.ids)

  id = each.value
}

locals {
  # Sorted, so that the order (and the plan) does not change between runs.
  data_subnet_ids = sort(data.aws_subnets.data.ids)
}
