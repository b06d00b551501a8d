# payments-api: the hand-written worked example, applied by Atlantis. It spells
# out in one file what a service Runway creates gets from two: the static
# platform.tf (templates/new-service/terraform in the Runway repository: the
# terraform block, platform variables and providers) and a main.tf of module
# blocks with literal values only, where the modules look the network up
# themselves. Here the wiring is explicit instead (data sources, references),
# which the modules accept just as well.
#
# No credentials here or in any variable: Atlantis runs with an AWS IAM role,
# the Kubernetes provider gets a short-lived token from that role, and Vault
# logs in with the same role through its AWS auth method.

terraform {
  required_version = ">= 1.5.0"

  # One state per service. The bucket is versioned and encrypted with KMS, and
  # only the Atlantis role may read it: the database password is in this state.
  # Atlantis's runway workflow passes the same settings with -backend-config
  # (the key from the project's directory), which is all a generated service's
  # partial backend gets; spelling them out here keeps a local init working.
  backend "s3" {
    bucket         = "acme-platform-config-tfstate"
    key            = "services/payments-api/terraform.tfstate"
    region         = "eu-west-1"
    encrypt        = true
    dynamodb_table = "acme-platform-config-tflock"
  }

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = "~> 2.31"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
    vault = {
      source  = "hashicorp/vault"
      version = "~> 4.0"
    }
  }
}

# Platform settings, the same for every service. Atlantis may override them
# with TF_VAR_* environment variables; none of them is a secret.

variable "aws_region" {
  description = "AWS region of the cluster and the database."
  type        = string
  default     = "eu-west-1"
}

variable "cluster_name" {
  description = "Name of the EKS cluster the service runs on."
  type        = string
  default     = "acme-prod"
}

variable "vault_address" {
  description = "Vault's address. Null falls back to the VAULT_ADDR environment variable."
  type        = string
  default     = null
}

variable "vault_auth_role" {
  description = "Vault AWS auth role that Atlantis's IAM role logs in as."
  type        = string
  default     = "atlantis-platform-config"
}

variable "vault_cidr" {
  description = "CIDR of the Vault servers, which the service's pods may reach on 8200."
  type        = string
  default     = "10.20.0.0/24"
}

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = {
      "managed-by" = "runway"
      repository   = "acme/platform-config"
    }
  }
}

data "aws_eks_cluster" "this" {
  name = var.cluster_name
}

provider "kubernetes" {
  host                   = data.aws_eks_cluster.this.endpoint
  cluster_ca_certificate = base64decode(data.aws_eks_cluster.this.certificate_authority[0].data)

  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", var.cluster_name, "--region", var.aws_region]
  }
}

provider "vault" {
  address = var.vault_address

  auth_login_aws {
    role = var.vault_auth_role
  }
}

# The cluster's VPC (dedicated to the cluster, so its CIDR is the cluster's
# CIDR: nodes and, with the VPC CNI, pods) and its private data subnets.

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
}

data "aws_subnet" "data" {
  for_each = toset(data.aws_subnets.data.ids)

  id = each.value
}

module "service" {
  source      = "../../modules/service"
  name        = "payments-api"
  team        = "payments"
  cost_center = "cc-1234"
  tier        = "medium"

  # Default-deny egress. The module always opens Vault (vault_cidr, 8200); the
  # database subnets are opened by hand here. A generated service sets
  # database = "postgres" instead and the module finds the subnets itself.
  vault_cidr   = var.vault_cidr
  extra_egress = [for subnet in data.aws_subnet.data : { cidr = subnet.cidr_block, port = module.database.port }]
}

module "database" {
  source = "../../modules/database/postgres"

  service     = "payments-api"
  team        = "payments"
  cost_center = "cc-1234"

  # Explicit, so the module skips its own lookup (modules/cluster-network).
  vpc_id       = data.aws_vpc.cluster.id
  subnet_ids   = data.aws_subnets.data.ids
  cluster_cidr = data.aws_vpc.cluster.cidr_block

  engine_version          = "16"
  instance_class          = "db.t4g.medium"
  allocated_storage       = 50
  max_allocated_storage   = 200
  multi_az                = true
  backup_retention_period = 14
}

output "namespace" {
  description = "The service's namespace."
  value       = module.service.namespace
}

output "database_endpoint" {
  description = "PostgreSQL endpoint, host:port."
  value       = module.database.endpoint
}

output "database_vault_path" {
  description = "Vault path of the database credentials."
  value       = module.database.vault_path
}
