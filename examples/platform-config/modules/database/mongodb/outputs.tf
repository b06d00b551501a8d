# No output carries the password: it is in Vault at vault_path.

output "endpoint" {
  description = "Cluster (writer) endpoint host name."
  value       = aws_docdb_cluster.this.endpoint
}

output "reader_endpoint" {
  description = "Reader endpoint host name, load-balanced across replicas."
  value       = aws_docdb_cluster.this.reader_endpoint
}

output "port" {
  description = "Port the cluster listens on."
  value       = aws_docdb_cluster.this.port
}

output "database_name" {
  description = "Database name written to Vault for the service to use."
  value       = local.database_name
}

output "vault_path" {
  description = "Full Vault API path of the credentials secret (mount/data/services/<service>/<name>)."
  value       = vault_kv_secret_v2.this.path
}

output "vault_secret_name" {
  description = "Secret name inside the KV mount, services/<service>/<name>, as Vault Agent templates and the CLI address it."
  value       = local.vault_secret_name
}

output "security_group_id" {
  description = "Security group guarding the cluster."
  value       = aws_security_group.this.id
}

output "cluster_arn" {
  description = "ARN of the DocumentDB cluster."
  value       = aws_docdb_cluster.this.arn
}
