# An Amazon DocumentDB (MongoDB-compatible) cluster for one service. DocumentDB
# lives only inside the VPC (it has no public endpoint at all): private subnets,
# reachable only from the cluster, encrypted at rest, TLS required, backed up,
# protected from deletion. Its password is generated here and written to Vault;
# it is never an input or an output.

locals {
  identifier        = "${var.service}-mongodb"
  port              = 27017
  family            = "docdb${join(".", slice(split(".", var.engine_version), 0, 2))}"
  database_name     = coalesce(var.database_name, replace(var.service, "-", "_"))
  vault_secret_name = "services/${var.service}/${var.vault_secret_name}"

  # Given explicitly, or looked up from cluster_name (module.network).
  vpc_id       = var.vpc_id != null ? var.vpc_id : one(module.network[*].vpc_id)
  subnet_ids   = var.subnet_ids != null ? var.subnet_ids : one(module.network[*].data_subnet_ids)
  cluster_cidr = var.cluster_cidr != null ? var.cluster_cidr : one(module.network[*].vpc_cidr)

  tags = merge(var.tags, {
    owner         = var.team
    "cost-center" = var.cost_center
    service       = var.service
    "managed-by"  = "runway"
  })
}

# The cluster's VPC, private data subnets and CIDR, read only when the caller
# leaves one of vpc_id, subnet_ids or cluster_cidr null (a service's main.tf
# holds literals only, so it always does).
module "network" {
  source = "../../cluster-network"
  count  = var.vpc_id == null || var.subnet_ids == null || var.cluster_cidr == null ? 1 : 0

  cluster_name = var.cluster_name
}

# Letters and digits only: 40 of them carry about 238 bits, and DocumentDB
# refuses /, @ and " in passwords.
resource "random_password" "this" {
  length      = 40
  special     = false
  min_lower   = 1
  min_upper   = 1
  min_numeric = 1
}

resource "aws_docdb_subnet_group" "this" {
  name_prefix = "${local.identifier}-"
  description = "Private subnets for ${local.identifier}"
  subnet_ids  = local.subnet_ids
  tags        = local.tags
}

# No egress rules: Terraform removes the default allow-all egress rule, and a
# database never starts connections of its own.
resource "aws_security_group" "this" {
  name_prefix = "${local.identifier}-"
  description = "${local.identifier}: MongoDB protocol from the cluster only"
  vpc_id      = local.vpc_id
  tags        = merge(local.tags, { Name = local.identifier })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "cluster" {
  security_group_id = aws_security_group.this.id
  description       = "MongoDB protocol from the Kubernetes cluster"
  cidr_ipv4         = local.cluster_cidr
  ip_protocol       = "tcp"
  from_port         = local.port
  to_port           = local.port
  tags              = local.tags
}

# TLS only, and an audit trail of authentication and DDL events.
resource "aws_docdb_cluster_parameter_group" "this" {
  name_prefix = "${local.identifier}-"
  family      = local.family
  description = "${local.identifier}: TLS required, audit logs on"
  tags        = local.tags

  parameter {
    name  = "tls"
    value = "enabled"
  }

  parameter {
    name  = "audit_logs"
    value = "enabled"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_docdb_cluster" "this" {
  cluster_identifier = local.identifier
  engine             = "docdb"
  engine_version     = var.engine_version
  master_username    = var.username
  master_password    = random_password.this.result
  port               = local.port

  storage_encrypted = true
  kms_key_id        = var.kms_key_id

  db_subnet_group_name            = aws_docdb_subnet_group.this.name
  vpc_security_group_ids          = [aws_security_group.this.id]
  db_cluster_parameter_group_name = aws_docdb_cluster_parameter_group.this.name

  backup_retention_period      = var.backup_retention_period
  preferred_backup_window      = "02:00-03:00"
  preferred_maintenance_window = "sun:03:30-sun:04:30"
  deletion_protection          = var.deletion_protection
  skip_final_snapshot          = false
  final_snapshot_identifier    = "${local.identifier}-final"

  apply_immediately               = false
  enabled_cloudwatch_logs_exports = ["audit"]

  tags = local.tags
}

resource "aws_docdb_cluster_instance" "this" {
  count = var.instance_count

  identifier                   = "${local.identifier}-${count.index + 1}"
  cluster_identifier           = aws_docdb_cluster.this.id
  instance_class               = var.instance_class
  auto_minor_version_upgrade   = true
  preferred_maintenance_window = "sun:03:30-sun:04:30"
  tags                         = local.tags
}

# The only copy of the credentials outside DocumentDB. The service reads it
# through its Vault role (modules/service), which may read services/<service>/*
# only. Clients must connect with TLS (tls=true) and retryWrites=false.
resource "vault_kv_secret_v2" "this" {
  mount = var.vault_kv_mount
  name  = local.vault_secret_name
  data_json = jsonencode({
    host     = aws_docdb_cluster.this.endpoint
    port     = tostring(aws_docdb_cluster.this.port)
    username = aws_docdb_cluster.this.master_username
    password = random_password.this.result
    database = local.database_name
  })

  custom_metadata {
    max_versions = 10
    data = {
      owner         = var.team
      "cost-center" = var.cost_center
      service       = var.service
      "managed-by"  = "runway"
    }
  }

  # The writer endpoint answers only once an instance exists.
  depends_on = [aws_docdb_cluster_instance.this]
}
