output "namespace" {
  description = "The service's namespace."
  value       = kubernetes_namespace_v1.this.metadata[0].name
}

output "service_account_name" {
  description = "ServiceAccount the service's pods run as (and log in to Vault with)."
  value       = kubernetes_service_account_v1.this.metadata[0].name
}

output "team_group" {
  description = "Kubernetes group bound to the team's edit Role in the namespace."
  value       = local.team_group
}

output "labels" {
  description = "Labels every object of the service carries, for manifests rendered elsewhere."
  value       = local.labels
}

output "vault_role" {
  description = "Vault Kubernetes auth role the pods log in with."
  value       = vault_kubernetes_auth_backend_role.service.role_name
}

output "vault_policy" {
  description = "Vault policy that lets the service read services/<name>/* and nothing else."
  value       = vault_policy.service.name
}

output "vault_secrets_prefix" {
  description = "KV path prefix (inside vault_kv_mount) under which the service's secrets live."
  value       = "services/${var.name}"
}
