# engineers/: one Terraform root module for every engineer's access, one file
# per engineer (engineer-<login>.tf) holding a single module block that calls
# modules/engineer-access. Runway's engineer-onboarding golden path adds the
# file in a pull request; offboarding removes it, which revokes everything the
# module granted (organisation membership, teams, SSO groups, the sandbox).
#
# One state for all engineers: a person's access is small, and one plan shows
# every change to who can reach what. Atlantis passes the backend settings at
# init (-backend-config), as for services/.
#
# No credentials here: Atlantis runs with an AWS IAM role, the GitHub provider
# uses the platform's GitHub App installation (GITHUB_APP_* environment
# variables), and the Kubernetes provider gets a short-lived token.

terraform {
  required_version = ">= 1.5.0"

  backend "s3" {}

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
    github = {
      source  = "integrations/github"
      version = "~> 6.0"
    }
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = "~> 2.31"
    }
  }
}

variable "aws_region" {
  description = "AWS region of IAM Identity Center and the cluster."
  type        = string
  default     = "eu-west-1"
}

variable "github_org" {
  description = "The GitHub organisation engineers join."
  type        = string
  default     = "acme"
}

variable "cluster_name" {
  description = "Name of the EKS cluster that holds the sandboxes."
  type        = string
  default     = "acme-prod"
}

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = {
      "managed-by" = "runway"
    }
  }
}

provider "github" {
  owner = var.github_org
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
    args        = ["eks", "get-token", "--cluster-name", var.cluster_name]
  }
}
