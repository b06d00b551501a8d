variable "cluster_name" {
  description = "Name of the EKS cluster whose VPC and private data subnets to look up."
  type        = string
  default     = "acme-prod"

  validation {
    condition     = can(regex("^[0-9A-Za-z][-_0-9A-Za-z]{0,99}$", var.cluster_name))
    error_message = "The cluster_name must be an EKS cluster name: letters, digits, '-' and '_', starting with a letter or digit, at most 100 characters."
  }
}
