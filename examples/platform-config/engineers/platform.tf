# engineers/: one Terraform root module for every engineer's access, one file
# per engineer (engineer-<login>.tf) holding a single module block that calls
# modules/engineer-access. Runway's engineer-onboarding golden path adds the
# file in a pull request; offboarding removes it, which revokes everything the
# module granted (organisation membership, teams, SSO groups). The engineer's
# sandbox is not here: it is an environment lease in Runway (environments/).
#
# One state for all engineers: a person's access is small, and one plan shows
# every change to who can reach what. Atlantis passes the backend settings at
# init (-backend-config), as for services/.
#
# No credentials here: Atlantis runs with an AWS IAM role, and the GitHub
# provider uses the platform's GitHub App installation (GITHUB_APP_*
# environment variables).

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
  }
}

variable "aws_region" {
  description = "AWS region of IAM Identity Center."
  type        = string
  default     = "eu-west-1"
}

variable "github_org" {
  description = "The GitHub organisation engineers join."
  type        = string
  default     = "acme"
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
