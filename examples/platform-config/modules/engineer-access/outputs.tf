output "github_teams" {
  description = "GitHub team slugs the engineer is a member of through this module."
  value       = sort(keys(github_team_membership.this))
}

output "sso_group_ids" {
  description = "IAM Identity Center group ids the engineer was added to, by display name."
  value       = { for name, group in data.aws_identitystore_group.this : name => group.group_id }
}

output "sso_user_id" {
  description = "The engineer's IAM Identity Center user id."
  value       = data.aws_identitystore_user.this.user_id
}
