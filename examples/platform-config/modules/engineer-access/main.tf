# Onboarding one engineer: GitHub organisation and team membership, and AWS
# access through IAM Identity Center groups. Every grant is the smallest that
# works: plain member roles, no admin groups. The engineer's sandbox is not
# here: it is an environment of type sandbox in Runway (a lease with its cost
# and its teardown), made by onboarding and torn down by offboarding.

locals {
  identity_store_id = tolist(data.aws_ssoadmin_instances.this.identity_store_ids)[0]
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
