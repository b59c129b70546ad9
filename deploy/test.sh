#!/usr/bin/env bash
# Deployment checks, offline: Terraform formatting, init (AWS provider from the local mirror), validate,
# `terraform test` (mocked AWS provider), the production runtime default, and docker-compose.yml.
# Runs from any directory; exits non-zero on the first failure.
#
# Usage: deploy/test.sh
set -euo pipefail

DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$DEPLOY_DIR/.." && pwd)"
TF_DIR="$DEPLOY_DIR/terraform"

step() { printf '\n== %s\n' "$*"; }
die() { printf 'deploy/test.sh: %s\n' "$*" >&2; exit 1; }

command -v terraform >/dev/null || die "terraform is not on PATH (1.5 or later is needed)"

# Provider from the filesystem mirror only: no registry access is needed or attempted.
export TF_CLI_CONFIG_FILE="$TF_DIR/.terraformrc-offline"
export TF_IN_AUTOMATION=1
export TF_INPUT=0
export CHECKPOINT_DISABLE=1

step "terraform fmt -check -recursive"
terraform -chdir="$TF_DIR" fmt -check -recursive -diff

step "terraform init -backend=false"
terraform -chdir="$TF_DIR" init -backend=false -input=false -no-color >/dev/null \
  || die "terraform init failed; is the AWS provider in the mirror named in $TF_CLI_CONFIG_FILE?"

step "terraform validate"
terraform -chdir="$TF_DIR" validate -no-color

step "terraform test"
test_log="$(mktemp)"
trap 'rm -f "$test_log"' EXIT
terraform -chdir="$TF_DIR" test -no-color | tee "$test_log"
# Restate terraform's "Success! N passed, 0 failed." as a plain line that CI summaries can read.
counts="$(grep -Eo '[0-9]+ passed, [0-9]+ failed' "$test_log" | tail -n 1)"
[[ -n "$counts" ]] || die "terraform test printed no pass/fail count"
echo "terraform: $counts"

# The tests plan the Lambda as dotnet8 because the mirror's provider (5.100.0) predates dotnet10;
# this checks that the shipped default is still dotnet10, without planning the function.
step "consumer runtime default"
runtime="$(echo 'var.consumer_lambda_runtime' | terraform -chdir="$TF_DIR" console -no-color \
  -var 'bamboohr_base_url=https://example.invalid/' -var 'moodle_base_url=https://example.invalid/' \
  -var 'producer_image_tag=check' -var 'subnet_ids=["subnet-01234567"]' -var 'security_group_ids=["sg-01234567"]' \
  -var 'secrets_extension_layer_arn=arn:aws:lambda:eu-west-2:123456789012:layer:check:1' \
  -var 'alarm_email=ops@example.com')"
[[ "$runtime" == '"dotnet10"' ]] || die "consumer_lambda_runtime defaults to $runtime, expected \"dotnet10\""
echo "consumer_lambda_runtime defaults to $runtime"

step "docker-compose config"
if ! command -v docker-compose >/dev/null; then
  if command -v apt-get >/dev/null && [[ "$(id -u)" == 0 ]]; then
    echo "installing docker-compose (Debian package) to validate docker-compose.yml"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose) >/dev/null \
      || die "apt-get install docker-compose failed"
  else
    echo "SKIPPED: docker-compose is not installed and apt-get (as root) is not available to install it"
  fi
fi
if command -v docker-compose >/dev/null; then
  (cd "$REPO_ROOT" && docker-compose -f docker-compose.yml config -q)
  echo "docker-compose.yml is valid"
fi

step "shell scripts"
bash -n "$REPO_ROOT/package.sh" "$DEPLOY_DIR/docker/local-stack/bootstrap.sh" "$DEPLOY_DIR/docker/local-stack/entrypoint.sh"
echo "syntax OK"

printf '\ndeploy/test.sh: all checks passed\n'
