# No output carries the password: it is in Vault at vault_path.

output "endpoint" {
  description = "Connection endpoint, host:port."
  value       = aws_db_instance.this.endpoint
}

output "address" {
  description = "Host name of the instance."
  value       = aws_db_instance.this.address
}

output "port" {
  description = "Port the database listens on."
  value       = aws_db_instance.this.port
}

output "database_name" {
  description = "Name of the database created in the instance."
  value       = aws_db_instance.this.db_name
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
  description = "Security group guarding the instance."
  value       = aws_security_group.this.id
}

output "instance_arn" {
  description = "ARN of the RDS instance."
  value       = aws_db_instance.this.arn
}
