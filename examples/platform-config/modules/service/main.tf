# A service's home on the cluster: its namespace, identity, the owning team's
# rights, a default-deny network, a size-capped quota, and a Vault role that can
# read only the service's own secrets.

locals {
  # Namespace-wide caps (ResourceQuota) and per-container defaults and maximums
  # (LimitRange). Containers without requests or limits get the defaults, so a
  # quota on cpu and memory never blocks a pod that forgot to set them.
  tiers = {
    small = {
      requests_cpu           = "2"
      requests_memory        = "4Gi"
      limits_cpu             = "4"
      limits_memory          = "8Gi"
      pods                   = "20"
      services               = "5"
      persistentvolumeclaims = "4"
      requests_storage       = "20Gi"
      default_cpu            = "250m"
      default_memory         = "256Mi"
      default_request_cpu    = "100m"
      default_request_memory = "128Mi"
      max_cpu                = "1"
      max_memory             = "2Gi"
    }
    medium = {
      requests_cpu           = "8"
      requests_memory        = "16Gi"
      limits_cpu             = "16"
      limits_memory          = "32Gi"
      pods                   = "50"
      services               = "10"
      persistentvolumeclaims = "10"
      requests_storage       = "100Gi"
      default_cpu            = "500m"
      default_memory         = "512Mi"
      default_request_cpu    = "250m"
      default_request_memory = "256Mi"
      max_cpu                = "4"
      max_memory             = "8Gi"
    }
    large = {
      requests_cpu           = "32"
      requests_memory        = "64Gi"
      limits_cpu             = "64"
      limits_memory          = "128Gi"
      pods                   = "150"
      services               = "20"
      persistentvolumeclaims = "30"
      requests_storage       = "500Gi"
      default_cpu            = "1"
      default_memory         = "1Gi"
      default_request_cpu    = "500m"
      default_request_memory = "512Mi"
      max_cpu                = "8"
      max_memory             = "32Gi"
    }
  }

  size = local.tiers[var.tier]

  labels = merge(var.labels, {
    "app.kubernetes.io/managed-by" = "runway"
    "app.kubernetes.io/part-of"    = var.name
    "runway.dev/owner"             = var.team
    "runway.dev/cost-center"       = var.cost_center
  })

  team_group = "team-${var.team}"

  # Port of each engine in modules/database/*; null when there is no database.
  database_port = lookup({ postgres = 5432, mysql = 3306, mongodb = 27017 }, var.database, null)

  read_verbs  = ["get", "list", "watch"]
  write_verbs = ["get", "list", "watch", "create", "update", "patch", "delete"]
}

# The private data subnets the database lives in, looked up here so that the
# service's main.tf holds literals only. Not read when there is no database.
module "network" {
  source = "../cluster-network"
  count  = local.database_port == null ? 0 : 1

  cluster_name = var.cluster_name
}

resource "kubernetes_namespace_v1" "this" {
  metadata {
    name = var.name
    labels = merge(local.labels, {
      "pod-security.kubernetes.io/enforce" = "restricted"
      "pod-security.kubernetes.io/audit"   = "restricted"
      "pod-security.kubernetes.io/warn"    = "restricted"
    })
  }
}

# The workload identity. It has no RBAC rights at all; its token only proves
# to Vault who the pod is. Pods that log in to Vault opt in to the token with
# automountServiceAccountToken: true in their own spec.
resource "kubernetes_service_account_v1" "this" {
  metadata {
    name      = var.name
    namespace = kubernetes_namespace_v1.this.metadata[0].name
    labels    = local.labels
  }

  automount_service_account_token = false
}

# Edit-like rights for the owning team, spelled out: no wildcards, no Secrets
# (credentials live in Vault), no exec or port-forward into running pods, and
# read-only on the guard rails (NetworkPolicy, ResourceQuota, LimitRange, RBAC),
# which only this repository changes.
resource "kubernetes_role_v1" "team_edit" {
  metadata {
    name      = "runway-team-edit"
    namespace = kubernetes_namespace_v1.this.metadata[0].name
    labels    = local.labels
  }

  rule {
    api_groups = [""]
    resources  = ["configmaps", "services", "persistentvolumeclaims"]
    verbs      = local.write_verbs
  }

  rule {
    api_groups = [""]
    resources  = ["pods"]
    verbs      = ["get", "list", "watch", "delete"]
  }

  rule {
    api_groups = [""]
    resources  = ["pods/log", "events", "endpoints", "serviceaccounts", "resourcequotas", "limitranges"]
    verbs      = local.read_verbs
  }

  rule {
    api_groups = ["apps"]
    resources  = ["deployments", "statefulsets"]
    verbs      = local.write_verbs
  }

  rule {
    api_groups = ["apps"]
    resources  = ["deployments/scale", "statefulsets/scale"]
    verbs      = ["get", "update", "patch"]
  }

  rule {
    api_groups = ["apps"]
    resources  = ["replicasets"]
    verbs      = local.read_verbs
  }

  rule {
    api_groups = ["batch"]
    resources  = ["jobs", "cronjobs"]
    verbs      = local.write_verbs
  }

  rule {
    api_groups = ["autoscaling"]
    resources  = ["horizontalpodautoscalers"]
    verbs      = local.write_verbs
  }

  rule {
    api_groups = ["policy"]
    resources  = ["poddisruptionbudgets"]
    verbs      = local.write_verbs
  }

  rule {
    api_groups = ["networking.k8s.io"]
    resources  = ["ingresses"]
    verbs      = local.write_verbs
  }

  rule {
    api_groups = ["networking.k8s.io"]
    resources  = ["networkpolicies"]
    verbs      = local.read_verbs
  }

  rule {
    api_groups = ["rbac.authorization.k8s.io"]
    resources  = ["roles", "rolebindings"]
    verbs      = local.read_verbs
  }
}

resource "kubernetes_role_binding_v1" "team_edit" {
  metadata {
    name      = "runway-team-edit"
    namespace = kubernetes_namespace_v1.this.metadata[0].name
    labels    = local.labels
  }

  role_ref {
    api_group = "rbac.authorization.k8s.io"
    kind      = "Role"
    name      = kubernetes_role_v1.team_edit.metadata[0].name
  }

  subject {
    api_group = "rbac.authorization.k8s.io"
    kind      = "Group"
    name      = local.team_group
  }
}

# Nothing gets in or out unless another policy below allows it.
resource "kubernetes_network_policy_v1" "default_deny" {
  metadata {
    name      = "default-deny-all"
    namespace = kubernetes_namespace_v1.this.metadata[0].name
    labels    = local.labels
  }

  spec {
    pod_selector {}
    policy_types = ["Ingress", "Egress"]
  }
}

# The baseline every service needs: DNS lookups to the cluster DNS pods, and
# traffic in from the ingress controller.
resource "kubernetes_network_policy_v1" "allow_dns_and_ingress" {
  metadata {
    name      = "allow-dns-egress-and-ingress-controller"
    namespace = kubernetes_namespace_v1.this.metadata[0].name
    labels    = local.labels
  }

  spec {
    pod_selector {}
    policy_types = ["Ingress", "Egress"]

    ingress {
      from {
        namespace_selector {
          match_labels = {
            "kubernetes.io/metadata.name" = var.ingress_namespace
          }
        }
      }
    }

    egress {
      to {
        namespace_selector {
          match_labels = {
            "kubernetes.io/metadata.name" = var.dns_namespace
          }
        }

        pod_selector {
          match_labels = var.dns_pod_labels
        }
      }

      ports {
        port     = "53"
        protocol = "UDP"
      }

      ports {
        port     = "53"
        protocol = "TCP"
      }
    }
  }
}

# Every service logs in to Vault and reads its secrets there: Vault's CIDR on
# 8200 only.
resource "kubernetes_network_policy_v1" "allow_vault_egress" {
  metadata {
    name      = "allow-vault-egress"
    namespace = kubernetes_namespace_v1.this.metadata[0].name
    labels    = local.labels
  }

  spec {
    pod_selector {}
    policy_types = ["Egress"]

    egress {
      to {
        ip_block {
          cidr = var.vault_cidr
        }
      }

      ports {
        port     = "8200"
        protocol = "TCP"
      }
    }
  }
}

# Only when the service has a database: the private data subnets, on that
# engine's port only. The database's own security group admits the cluster on
# that port and nothing else.
resource "kubernetes_network_policy_v1" "allow_database_egress" {
  count = local.database_port == null ? 0 : 1

  metadata {
    name      = "allow-database-egress"
    namespace = kubernetes_namespace_v1.this.metadata[0].name
    labels    = local.labels
  }

  spec {
    pod_selector {}
    policy_types = ["Egress"]

    # An egress rule without a "to" would allow every destination on the
    # port; modules/cluster-network fails the plan unless it finds at least
    # two data subnets, so there is always one.
    egress {
      dynamic "to" {
        for_each = module.network[0].data_subnet_cidrs

        content {
          ip_block {
            cidr = to.value
          }
        }
      }

      ports {
        port     = tostring(local.database_port)
        protocol = "TCP"
      }
    }
  }
}

# Only when the service declares extra egress (a partner API, or a database
# wired by hand): one rule per CIDR and port, nothing wider.
resource "kubernetes_network_policy_v1" "allow_extra_egress" {
  count = length(var.extra_egress) > 0 ? 1 : 0

  metadata {
    name      = "allow-extra-egress"
    namespace = kubernetes_namespace_v1.this.metadata[0].name
    labels    = local.labels
  }

  spec {
    pod_selector {}
    policy_types = ["Egress"]

    dynamic "egress" {
      for_each = var.extra_egress

      content {
        to {
          ip_block {
            cidr = egress.value.cidr
          }
        }

        ports {
          port     = tostring(egress.value.port)
          protocol = egress.value.protocol
        }
      }
    }
  }
}

resource "kubernetes_resource_quota_v1" "this" {
  metadata {
    name      = "runway-quota"
    namespace = kubernetes_namespace_v1.this.metadata[0].name
    labels    = local.labels
  }

  spec {
    hard = {
      "requests.cpu"           = local.size.requests_cpu
      "requests.memory"        = local.size.requests_memory
      "limits.cpu"             = local.size.limits_cpu
      "limits.memory"          = local.size.limits_memory
      "pods"                   = local.size.pods
      "services"               = local.size.services
      "services.loadbalancers" = "0"
      "services.nodeports"     = "0"
      "persistentvolumeclaims" = local.size.persistentvolumeclaims
      "requests.storage"       = local.size.requests_storage
    }
  }
}

resource "kubernetes_limit_range_v1" "this" {
  metadata {
    name      = "runway-limits"
    namespace = kubernetes_namespace_v1.this.metadata[0].name
    labels    = local.labels
  }

  spec {
    limit {
      type = "Container"

      default = {
        cpu    = local.size.default_cpu
        memory = local.size.default_memory
      }

      default_request = {
        cpu    = local.size.default_request_cpu
        memory = local.size.default_request_memory
      }

      max = {
        cpu    = local.size.max_cpu
        memory = local.size.max_memory
      }
    }
  }
}

# Vault: the service's pods log in with their ServiceAccount token and may read
# services/<name>/* in the KV engine, and nothing else.
data "vault_policy_document" "service" {
  rule {
    path         = "${var.vault_kv_mount}/data/services/${var.name}/*"
    capabilities = ["read"]
    description  = "Read the service's own secrets"
  }
}

resource "vault_policy" "service" {
  name   = "service-${var.name}"
  policy = data.vault_policy_document.service.hcl
}

resource "vault_kubernetes_auth_backend_role" "service" {
  backend                          = var.vault_kubernetes_auth_path
  role_name                        = var.name
  bound_service_account_names      = [kubernetes_service_account_v1.this.metadata[0].name]
  bound_service_account_namespaces = [kubernetes_namespace_v1.this.metadata[0].name]
  token_policies                   = [vault_policy.service.name]
  token_ttl                        = var.vault_token_ttl
  token_max_ttl                    = var.vault_token_ttl * 4
}
