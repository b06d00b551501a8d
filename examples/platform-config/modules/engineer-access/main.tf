# Onboarding one engineer: GitHub organisation and team membership, AWS access
# through IAM Identity Center groups, and a personal sandbox namespace. Every
# grant is the smallest that works: plain member roles, no admin groups, and
# Kubernetes rights only inside the engineer's own sandbox.

locals {
  sandbox_namespace = "sandbox-${lower(var.github_username)}"
  kubernetes_user   = "${var.kubernetes_username_prefix}${var.github_username}"
  identity_store_id = tolist(data.aws_ssoadmin_instances.this.identity_store_ids)[0]

  labels = merge(var.labels, {
    "app.kubernetes.io/managed-by" = "runway"
    "runway.dev/owner"             = var.team
    "runway.dev/cost-center"       = var.cost_center
    "runway.dev/engineer"          = lower(var.github_username)
  })

  read_verbs  = ["get", "list", "watch"]
  write_verbs = ["get", "list", "watch", "create", "update", "patch", "delete"]
}

# ---------------------------------------------------------------------------
# GitHub
# ---------------------------------------------------------------------------

# Removing this module's instance removes the engineer from the organisation
# (offboarding); downgrade_on_destroy stays false on purpose.
resource "github_membership" "this" {
  username = var.github_username
  role     = "member"
}

resource "github_team_membership" "this" {
  for_each = toset(var.github_teams)

  team_id  = each.value
  username = var.github_username
  role     = "member"

  depends_on = [github_membership.this]
}

# ---------------------------------------------------------------------------
# AWS: IAM Identity Center (SSO) group membership, not IAM users. Engineers get
# short-lived credentials from SSO through the permission sets assigned to their
# groups; no long-lived access keys exist, and offboarding in the identity
# provider ends all access at once.
# ---------------------------------------------------------------------------

data "aws_ssoadmin_instances" "this" {}

data "aws_identitystore_user" "this" {
  identity_store_id = local.identity_store_id

  alternate_identifier {
    unique_attribute {
      attribute_path  = "UserName"
      attribute_value = var.sso_user_name
    }
  }
}

data "aws_identitystore_group" "this" {
  for_each = toset(var.sso_groups)

  identity_store_id = local.identity_store_id

  alternate_identifier {
    unique_attribute {
      attribute_path  = "DisplayName"
      attribute_value = each.value
    }
  }
}

resource "aws_identitystore_group_membership" "this" {
  for_each = data.aws_identitystore_group.this

  identity_store_id = local.identity_store_id
  group_id          = each.value.group_id
  member_id         = data.aws_identitystore_user.this.user_id
}

# ---------------------------------------------------------------------------
# Kubernetes: a small personal sandbox. The engineer may run and debug
# workloads there and nowhere else; quota and network isolation keep it small
# and closed.
# ---------------------------------------------------------------------------

resource "kubernetes_namespace_v1" "sandbox" {
  metadata {
    name = local.sandbox_namespace
    labels = merge(local.labels, {
      "pod-security.kubernetes.io/enforce" = "restricted"
      "pod-security.kubernetes.io/warn"    = "restricted"
    })
  }
}

resource "kubernetes_role_v1" "sandbox" {
  metadata {
    name      = "runway-sandbox-owner"
    namespace = kubernetes_namespace_v1.sandbox.metadata[0].name
    labels    = local.labels
  }

  rule {
    api_groups = [""]
    resources  = ["pods", "configmaps", "services", "persistentvolumeclaims"]
    verbs      = local.write_verbs
  }

  rule {
    api_groups = [""]
    resources  = ["pods/log", "events", "endpoints", "resourcequotas", "limitranges"]
    verbs      = local.read_verbs
  }

  rule {
    api_groups = [""]
    resources  = ["pods/exec", "pods/portforward"]
    verbs      = ["get", "create"]
  }

  rule {
    api_groups = ["apps"]
    resources  = ["deployments", "statefulsets"]
    verbs      = local.write_verbs
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
    api_groups = ["networking.k8s.io"]
    resources  = ["networkpolicies"]
    verbs      = local.read_verbs
  }
}

resource "kubernetes_role_binding_v1" "sandbox" {
  metadata {
    name      = "runway-sandbox-owner"
    namespace = kubernetes_namespace_v1.sandbox.metadata[0].name
    labels    = local.labels
  }

  role_ref {
    api_group = "rbac.authorization.k8s.io"
    kind      = "Role"
    name      = kubernetes_role_v1.sandbox.metadata[0].name
  }

  subject {
    api_group = "rbac.authorization.k8s.io"
    kind      = "User"
    name      = local.kubernetes_user
  }
}

# Pods in the sandbox talk to each other and to cluster DNS; nothing else gets
# in or out.
resource "kubernetes_network_policy_v1" "sandbox" {
  metadata {
    name      = "sandbox-isolation"
    namespace = kubernetes_namespace_v1.sandbox.metadata[0].name
    labels    = local.labels
  }

  spec {
    pod_selector {}
    policy_types = ["Ingress", "Egress"]

    ingress {
      from {
        pod_selector {}
      }
    }

    egress {
      to {
        pod_selector {}
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
          match_labels = {
            "k8s-app" = "kube-dns"
          }
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

resource "kubernetes_resource_quota_v1" "sandbox" {
  metadata {
    name      = "runway-quota"
    namespace = kubernetes_namespace_v1.sandbox.metadata[0].name
    labels    = local.labels
  }

  spec {
    hard = {
      "requests.cpu"           = "1"
      "requests.memory"        = "2Gi"
      "limits.cpu"             = "2"
      "limits.memory"          = "4Gi"
      "pods"                   = "10"
      "services"               = "3"
      "services.loadbalancers" = "0"
      "services.nodeports"     = "0"
      "persistentvolumeclaims" = "2"
      "requests.storage"       = "10Gi"
    }
  }
}

resource "kubernetes_limit_range_v1" "sandbox" {
  metadata {
    name      = "runway-limits"
    namespace = kubernetes_namespace_v1.sandbox.metadata[0].name
    labels    = local.labels
  }

  spec {
    limit {
      type = "Container"

      default = {
        cpu    = "250m"
        memory = "256Mi"
      }

      default_request = {
        cpu    = "100m"
        memory = "128Mi"
      }

      max = {
        cpu    = "1"
        memory = "2Gi"
      }
    }
  }
}
