variable "github_username" {
  description = "The engineer's GitHub login."
  type        = string

  validation {
    condition     = length(var.github_username) <= 39 && can(regex("^[A-Za-z0-9](-?[A-Za-z0-9])*$", var.github_username))
    error_message = "The github_username must be a GitHub login: letters, digits and single hyphens, at most 39 characters, not starting or ending with a hyphen."
  }
}

variable "github_teams" {
  description = "Slugs of the GitHub teams to join, as a plain member. Admin teams are never granted here."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for slug in var.github_teams : can(regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", slug))])
    error_message = "Each github_teams entry must be a team slug (lower-case letters, digits and '-')."
  }

  validation {
    condition     = alltrue([for slug in var.github_teams : !can(regex("admin|owner", slug))])
    error_message = "Onboarding never grants admin or owner teams; request those in a separate, reviewed change."
  }
}

variable "team" {
  description = "Slug of the engineer's team. No resource uses it: it records in the access file whose access this is, and the team-change path keeps it current."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", var.team))
    error_message = "The team must be a DNS-1123 label."
  }
}

variable "cost_center" {
  description = "The team's cost center, e.g. cc-1234. No resource uses it (memberships take no tags): it records in the access file who pays for the person."
  type        = string

  validation {
    condition     = can(regex("^cc-[0-9]{4}$", var.cost_center))
    error_message = "The cost_center must look like cc-1234."
  }
}

variable "sso_user_name" {
  description = "The engineer's user name in IAM Identity Center (usually the work e-mail). The user must already exist there, provisioned from the identity provider."
  type        = string

  validation {
    condition     = length(trimspace(var.sso_user_name)) > 0 && length(var.sso_user_name) <= 128
    error_message = "The sso_user_name must be a non-empty user name of at most 128 characters."
  }
}

variable "sso_groups" {
  description = "Display names of the IAM Identity Center groups to join. Each group's permission-set assignments decide what the engineer can do in which AWS account."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for name in var.sso_groups : !can(regex("(?i)admin", name))])
    error_message = "Onboarding never grants administrator groups; request those in a separate, reviewed change."
  }
}
