# platform.tf: the part of a service's root module that is the same for every
# service. Runway's "new backend service" golden path copies this file
# unchanged (fetch:plain, no templating) into services/<name>/ of
# acme/platform-config, next to the main.tf that terraform:pr:create writes.
#
# Why it is static: main.tf holds only module blocks with literal values, and
# the modules look up the cluster's network themselves, so nothing here
# depends on the service. Even the state key is not here: the backend below is
# partial, and Atlantis's runway workflow (atlantis.yaml) passes bucket, key
# (services/<name>/terraform.tfstate, from the project's directory), region,
# encryption and lock table to terraform init. Keep it that way: a per-service
# value in this file would need templating, and every copy would drift.
#
# No credentials here or in any variable: Atlantis runs with an AWS IAM role,
# the Kubernetes provider gets a short-lived token from that role, and Vault
# logs in with the same role through its AWS auth method.

terraform {
  required_version = ">= 1.5.0"

  # One state per service, configured by Atlantis at init (-backend-config).
  # The bucket is versioned and encrypted with KMS, and only the Atlantis role
  # may read it: the database password is in the state.
  backend "s3" {}

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
# with TF_VAR_* environment variables; none of them is a secret. The modules
# have their own cluster_name (default "acme-prod") for their network lookups:
# a service on another cluster sets it in its module blocks as well.

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
