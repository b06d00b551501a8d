#!/usr/bin/env bash
# The machine prerequisites shared by .ci/run, scripts/test.sh and scripts/start.sh.
# Usage: bash scripts/prerequisites.sh <need>...   where each need is one of
#   mkdocs    mkdocs with mkdocs-material (TechDocs are built with it)
#   chromium  Chromium for the browser tests (CHROMIUM_PATH set counts as present)
#   go        Go, for the Go service skeleton's own vet and tests
#   jq        jq, which platform-config's deploy auto-merge workflow runs (its test runs it too)
# Missing ones are installed on Debian as root (apt-get update once, then apt-get install -y,
# noninteractive, no standard input). Otherwise the exact command to run is printed and the
# script exits 1 at once, so the caller stops before any other work.
# Runs with bash builtins plus `id` and `apt-get` only (tests/prerequisites.test.mts stubs them).
set -euo pipefail

present() {
  case "$1" in
    mkdocs) command -v mkdocs >/dev/null ;;
    chromium) [ -n "${CHROMIUM_PATH:-}" ] || command -v chromium >/dev/null ;;
    go) command -v go >/dev/null ;;
    jq) command -v jq >/dev/null ;;
  esac
}

for need in "$@"; do
  case "$need" in
    mkdocs | chromium | go | jq) ;;
    *)
      echo "runway: prerequisites.sh: unknown need '$need' (known: mkdocs chromium go jq)" >&2
      exit 2
      ;;
  esac
done

# In the fixed order mkdocs, chromium, go, jq, whatever order the caller named them in.
missing=()
packages=()
for need in mkdocs chromium go jq; do
  case " $* " in *" $need "*) ;; *) continue ;; esac
  present "$need" && continue
  missing+=("$need")
  case "$need" in
    mkdocs) packages+=(mkdocs mkdocs-material) ;;
    chromium) packages+=(chromium) ;;
    go) packages+=(golang-go) ;;
    jq) packages+=(jq) ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0

uid="$(id -u)"
if [ "$uid" = 0 ] && command -v apt-get >/dev/null; then
  echo "runway: installing ${packages[*]} (Debian packages) for: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq </dev/null
  apt-get install -y -qq "${packages[@]}" </dev/null
  hash -r
  still=()
  for need in "${missing[@]}"; do present "$need" || still+=("$need"); done
  if [ ${#still[@]} -gt 0 ]; then
    echo "runway: apt-get installed ${packages[*]}, yet still missing: ${still[*]}" >&2
    exit 1
  fi
  exit 0
fi

sudo=sudo
[ "$uid" = 0 ] && sudo=
{
  echo "runway: missing ${missing[*]}. Install with the command below, then run this again:"
  echo
  echo "    ${sudo:+$sudo }apt-get update && ${sudo:+$sudo }apt-get install -y ${packages[*]}"
  echo
  command -v apt-get >/dev/null ||
    echo "This machine has no apt-get: install the equivalent packages with its own package manager."
  case " ${missing[*]} " in
    *" chromium "*) echo "Any Chromium or Chrome will do: set CHROMIUM_PATH to its executable instead." ;;
  esac
} >&2
exit 1
