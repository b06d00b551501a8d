variable "name" {
  description = "Service name. Becomes the namespace, the ServiceAccount and the Vault role. A DNS-1123 label of at most 40 characters that starts with a letter (Kubernetes Service names and RDS identifiers need the letter)."
  type        = string

  validation {
    condition     = length(var.name) <= 40 && can(regex("^[a-z]([-a-z0-9]*[a-z0-9])?$", var.name))
    error_message = "The name must be a DNS-1123 label of at most 40 characters: lower-case letters, digits and '-', starting with a letter and ending with a letter or digit."
  }
}

variable "team" {
  description = "Owning team's slug, as in the catalogue (group:<team>). Its Kubernetes group team-<team> gets edit rights in the namespace."
  type        = string

  validation {
    condition     = length(var.team) <= 58 && can(regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", var.team))
    error_message = "The team must be a DNS-1123 label of at most 58 characters (team-<team> must stay a valid label)."
  }
}

variable "cost_center" {
  description = "Cost center charged for everything this service runs, e.g. cc-1234."
  type        = string

  validation {
    condition     = can(regex("^cc-[0-9]{4}$", var.cost_center))
    error_message = "The cost_center must look like cc-1234."
  }
}

variable "tier" {
  description = "Size of the namespace's ResourceQuota and LimitRange: small, medium or large."
  type        = string
  default     = "small"

  validation {
    condition     = contains(["small", "medium", "large"], var.tier)
    error_message = "The tier must be one of small, medium, large."
  }
}

variable "database" {
  description = "Engine of the service's database (modules/database/<engine>), or none. When not none, the namespace may reach the cluster's private data subnets on that engine's port (postgres 5432, mysql 3306, mongodb 27017) and nothing else there."
  type        = string
  default     = "none"
  nullable    = false

  validation {
    condition     = contains(["none", "postgres", "mysql", "mongodb"], var.database)
    error_message = "The database must be one of none, postgres, mysql, mongodb."
  }
}

variable "cluster_name" {
  description = "Name of the EKS cluster the service runs on. Used to find its VPC's private data subnets when database is not none."
  type        = string
  default     = "acme-prod"
  nullable    = false

  validation {
    condition     = can(regex("^[0-9A-Za-z][-_0-9A-Za-z]{0,99}$", var.cluster_name))
    error_message = "The cluster_name must be an EKS cluster name: letters, digits, '-' and '_', starting with a letter or digit, at most 100 characters."
  }
}

variable "vault_cidr" {
  description = "CIDR of the Vault servers. The service's pods may always reach it on 8200 to log in and read their secrets."
  type        = string
  default     = "10.20.0.0/24"
  nullable    = false

  validation {
    condition     = can(cidrhost(var.vault_cidr, 0)) && !contains(["0.0.0.0/0", "::/0"], var.vault_cidr)
    error_message = "The vault_cidr must be a valid CIDR block narrower than the whole internet."
  }
}

variable "ingress_namespace" {
  description = "Namespace of the ingress controller that may reach the service's pods."
  type        = string
  default     = "ingress-nginx"

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", var.ingress_namespace))
    error_message = "The ingress_namespace must be a DNS-1123 label."
  }
}

variable "dns_namespace" {
  description = "Namespace of the cluster DNS pods the service may query."
  type        = string
  default     = "kube-system"

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", var.dns_namespace))
    error_message = "The dns_namespace must be a DNS-1123 label."
  }
}

variable "dns_pod_labels" {
  description = "Labels that select the cluster DNS pods inside dns_namespace."
  type        = map(string)
  default = {
    "k8s-app" = "kube-dns"
  }

  validation {
    condition     = length(var.dns_pod_labels) > 0
    error_message = "The dns_pod_labels must select at least one label, or DNS egress would be open to every pod in dns_namespace."
  }
}

variable "extra_egress" {
  description = "Egress the service needs besides DNS, Vault and its database (which database and vault_cidr open), one CIDR and port per entry: a partner API, or a database wired by hand. Everything else stays denied."
  type = list(object({
    cidr     = string
    port     = number
    protocol = optional(string, "TCP")
  }))
  default = []

  validation {
    condition     = alltrue([for rule in var.extra_egress : can(cidrhost(rule.cidr, 0)) && rule.cidr != "0.0.0.0/0" && rule.cidr != "::/0"])
    error_message = "Each extra_egress cidr must be a valid CIDR block narrower than the whole internet."
  }

  validation {
    condition     = alltrue([for rule in var.extra_egress : rule.port >= 1 && rule.port <= 65535 && contains(["TCP", "UDP"], rule.protocol)])
    error_message = "Each extra_egress entry needs a port from 1 to 65535 and a protocol of TCP or UDP."
  }
}

variable "vault_kv_mount" {
  description = "Mount path of the KV v2 engine that holds service secrets under services/<name>/."
  type        = string
  default     = "secret"

  validation {
    condition     = can(regex("^[a-zA-Z0-9][-_a-zA-Z0-9/]*[a-zA-Z0-9]$", var.vault_kv_mount))
    error_message = "The vault_kv_mount must be a mount path without leading or trailing slashes."
  }
}

variable "vault_kubernetes_auth_path" {
  description = "Path of the Vault Kubernetes auth method for this cluster."
  type        = string
  default     = "kubernetes"

  validation {
    condition     = can(regex("^[a-zA-Z0-9][-_a-zA-Z0-9/]*[a-zA-Z0-9]$", var.vault_kubernetes_auth_path))
    error_message = "The vault_kubernetes_auth_path must be a path without leading or trailing slashes."
  }
}

variable "vault_token_ttl" {
  description = "Lifetime in seconds of the Vault token the service's pods get at login."
  type        = number
  default     = 3600

  validation {
    condition     = var.vault_token_ttl >= 300 && var.vault_token_ttl <= 86400
    error_message = "The vault_token_ttl must be between 300 and 86400 seconds."
  }
}

variable "labels" {
  description = "Extra labels for every Kubernetes object. The managed-by, owner and cost-center labels always win over these."
  type        = map(string)
  default     = {}
}
