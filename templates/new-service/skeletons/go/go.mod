// The repository's path. A port in the forge's host (a local forge on localhost:7070) is left
// out: Go module paths cannot contain ':'.
module ${{ values.githubHost.split(':')[0] }}/${{ values.githubOrg }}/${{ values.name }}

go 1.22
