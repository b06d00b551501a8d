terraform {
  required_version = ">= 1.5.0"

  required_providers {
    # Only for the read-only lookup of the data subnets (modules/cluster-network).
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = "~> 2.31"
    }
    vault = {
      source  = "hashicorp/vault"
      version = "~> 4.0"
    }
  }
}
