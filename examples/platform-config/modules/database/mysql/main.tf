# An Amazon RDS for MySQL instance for one service: private subnets only,
# reachable only from the cluster, encrypted at rest and in transit, backed up,
# protected from deletion. Its password is generated here and written to Vault;
# it is never an input or an output.

locals {
  identifier        = "${var.service}-mysql"
  port              = 3306
  family            = "mysql${join(".", slice(split(".", var.engine_version), 0, 2))}"
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

# Letters and digits only: 40 of them carry about 238 bits, and nothing in the
# value needs escaping in a connection URL or is refused by RDS (/, @, ", space).
resource "random_password" "this" {
  length      = 40
  special     = false
  min_lower   = 1
  min_upper   = 1
  min_numeric = 1
}

resource "aws_db_subnet_group" "this" {
  name_prefix = "${local.identifier}-"
  description = "Private subnets for ${local.identifier}"
  subnet_ids  = local.subnet_ids
  tags        = local.tags
}

# No egress rules: Terraform removes the default allow-all egress rule, and a
# database never starts connections of its own.
resource "aws_security_group" "this" {
  name_prefix = "${local.identifier}-"
  description = "${local.identifier}: MySQL from the cluster only"
  vpc_id      = local.vpc_id
  tags        = merge(local.tags, { Name = local.identifier })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "cluster" {
  security_group_id = aws_security_group.this.id
  description       = "MySQL from the Kubernetes cluster"
  cidr_ipv4         = local.cluster_cidr
  ip_protocol       = "tcp"
  from_port         = local.port
  to_port           = local.port
  tags              = local.tags
}

# TLS only: clients that do not encrypt are refused.
resource "aws_db_parameter_group" "this" {
  name_prefix = "${local.identifier}-"
  family      = local.family
  description = "${local.identifier}: TLS required"
  tags        = local.tags

  parameter {
    name  = "require_secure_transport"
    value = "1"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_db_instance" "this" {
  identifier     = local.identifier
  engine         = "mysql"
  engine_version = var.engine_version
  instance_class = var.instance_class
  db_name        = local.database_name
  username       = var.username
  password       = random_password.this.result
  port           = local.port

  allocated_storage     = var.allocated_storage
  max_allocated_storage = var.max_allocated_storage
  storage_type          = "gp3"
  storage_encrypted     = true
  kms_key_id            = var.kms_key_id

  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [aws_security_group.this.id]
  parameter_group_name   = aws_db_parameter_group.this.name
  publicly_accessible    = false
  multi_az               = var.multi_az

  backup_retention_period   = var.backup_retention_period
  backup_window             = "02:00-03:00"
  maintenance_window        = "sun:03:30-sun:04:30"
  copy_tags_to_snapshot     = true
  deletion_protection       = var.deletion_protection
  skip_final_snapshot       = false
  final_snapshot_identifier = "${local.identifier}-final"

  auto_minor_version_upgrade      = true
  apply_immediately               = false
  enabled_cloudwatch_logs_exports = ["error", "slowquery"]

  tags = local.tags
}

# The only copy of the credentials outside RDS. The service reads it through its
# Vault role (modules/service), which may read services/<service>/* only.
resource "vault_kv_secret_v2" "this" {
  mount = var.vault_kv_mount
  name  = local.vault_secret_name
  data_json = jsonencode({
    host     = aws_db_instance.this.address
    port     = tostring(aws_db_instance.this.port)
    username = aws_db_instance.this.username
    password = random_password.this.result
    database = aws_db_instance.this.db_name
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
}
