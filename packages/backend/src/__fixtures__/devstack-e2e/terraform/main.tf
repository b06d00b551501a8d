module "service" {
  source = "../../modules/service"
  name   = "${{ values.name }}"
}
