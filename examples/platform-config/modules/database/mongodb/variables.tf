variable "service" {
  description = "Name of the service that owns the database (the modules/service name). Names the cluster and the Vault path services/<service>/<vault_secret_name>."
  type        = string

  validation {
    condition     = length(var.service) <= 40 && can(regex("^[a-z]([-a-z0-9]*[a-z0-9])?$", var.service))
    error_message = "The service must be a DNS-1123 label of at most 40 characters that starts with a letter."
  }
}

variable "team" {
  description = "Owning team's slug; becomes the owner tag."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", var.team))
    error_message = "The team must be a DNS-1123 label."
  }
}

variable "cost_center" {
  description = "Cost center charged for the database, e.g. cc-1234; becomes the cost-center tag."
  type        = string

  validation {
    condition     = can(regex("^cc-[0-9]{4}$", var.cost_center))
    error_message = "The cost_center must look like cc-1234."
  }
}

variable "cluster_name" {
  description = "Name of the EKS cluster whose VPC, private data subnets and CIDR the module looks up when vpc_id, subnet_ids or cluster_cidr is null."
  type        = string
  default     = "acme-prod"
  nullable    = false

  validation {
    condition     = can(regex("^[0-9A-Za-z][-_0-9A-Za-z]{0,99}$", var.cluster_name))
    error_message = "The cluster_name must be an EKS cluster name: letters, digits, '-' and '_', starting with a letter or digit, at most 100 characters."
  }
}

variable "vpc_id" {
  description = "VPC of the cluster; the database's security group lives there. Null looks up the VPC of cluster_name."
  type        = string
  default     = null

  validation {
    condition     = var.vpc_id == null ? true : can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "The vpc_id must look like vpc-0123456789abcdef0."
  }
}

variable "subnet_ids" {
  description = "Private subnets for the DocumentDB subnet group, in at least two availability zones. Never public subnets. Null looks up the subnets of cluster_name's VPC tagged runway.dev/subnet-tier = private-data."
  type        = list(string)
  default     = null

  validation {
    condition     = var.subnet_ids == null ? true : length(var.subnet_ids) >= 2 && alltrue([for id in var.subnet_ids : can(regex("^subnet-[0-9a-f]+$", id))])
    error_message = "Give at least two subnet ids (subnet-...), in different availability zones."
  }
}

variable "cluster_cidr" {
  description = "CIDR of the Kubernetes cluster's pods and nodes: the only source allowed to reach the database port. Null uses the primary CIDR of cluster_name's VPC."
  type        = string
  default     = null

  validation {
    condition     = var.cluster_cidr == null ? true : can(cidrhost(var.cluster_cidr, 0)) && !contains(["0.0.0.0/0", "::/0"], var.cluster_cidr)
    error_message = "The cluster_cidr must be a valid CIDR block narrower than the whole internet."
  }
}

variable "engine_version" {
  description = "Amazon DocumentDB (MongoDB-compatible) engine version."
  type        = string
  default     = "5.0.0"

  validation {
    condition     = contains(["4.0.0", "5.0.0"], var.engine_version)
    error_message = "The engine_version must be 4.0.0 or 5.0.0."
  }
}

variable "instance_class" {
  description = "DocumentDB instance class."
  type        = string
  default     = "db.t4g.medium"

  validation {
    condition     = can(regex("^db\\.[a-z0-9]+\\.[a-z0-9]+$", var.instance_class))
    error_message = "The instance_class must look like db.t4g.medium."
  }
}

variable "instance_count" {
  description = "Number of instances in the cluster: one primary, the rest replicas. Two or more for production."
  type        = number
  default     = 1

  validation {
    condition     = var.instance_count >= 1 && var.instance_count <= 16 && floor(var.instance_count) == var.instance_count
    error_message = "The instance_count must be a whole number from 1 to 16."
  }
}

variable "database_name" {
  description = "Database name the service uses (DocumentDB creates it on first write). Defaults to the service name with '-' replaced by '_'."
  type        = string
  default     = null

  validation {
    condition     = var.database_name == null || can(regex("^[a-zA-Z][-_a-zA-Z0-9]{0,62}$", var.database_name))
    error_message = "The database_name must start with a letter and hold only letters, digits, '-' and '_', at most 63 characters."
  }
}

variable "username" {
  description = "Master user name. Its generated password goes to Vault only."
  type        = string
  default     = "app"

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9]{0,62}$", var.username)) && !contains(["admin", "root", "serviceadmin"], var.username)
    error_message = "The username must start with a letter, hold only letters and digits, be at most 63 characters, and not be a reserved name."
  }
}

variable "backup_retention_period" {
  description = "Days of automated backups (and point-in-time recovery) to keep."
  type        = number
  default     = 7

  validation {
    condition     = var.backup_retention_period >= 1 && var.backup_retention_period <= 35
    error_message = "The backup_retention_period must be between 1 and 35 days; backups are never off."
  }
}

variable "deletion_protection" {
  description = "Refuse to delete the cluster. Turning it off is its own reviewed pull request, before the one that removes the database."
  type        = bool
  default     = true
}

variable "kms_key_id" {
  description = "ARN of a customer-managed KMS key for storage encryption. Null uses the AWS-managed DocumentDB (RDS) key; storage is encrypted either way."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_id == null || can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_id))
    error_message = "The kms_key_id must be a KMS key ARN."
  }
}

variable "vault_kv_mount" {
  description = "Mount path of the KV v2 engine that holds service secrets."
  type        = string
  default     = "secret"

  validation {
    condition     = can(regex("^[a-zA-Z0-9][-_a-zA-Z0-9/]*[a-zA-Z0-9]$", var.vault_kv_mount))
    error_message = "The vault_kv_mount must be a mount path without leading or trailing slashes."
  }
}

variable "vault_secret_name" {
  description = "Last segment of the Vault path services/<service>/<name>. Change it only when one service has two databases."
  type        = string
  default     = "database"

  validation {
    condition     = can(regex("^[a-z0-9]([-_a-z0-9]*[a-z0-9])?$", var.vault_secret_name))
    error_message = "The vault_secret_name must be one path segment of lower-case letters, digits, '-' and '_'."
  }
}

variable "tags" {
  description = "Extra tags for every resource. The owner, cost-center, service and managed-by tags always win over these."
  type        = map(string)
  default     = {}
}
