#!/usr/bin/env bash
# Deployment checks, offline: Terraform formatting; then, on a scratch copy of deploy/terraform, init against
# the local provider mirror, validate, `terraform test` (mocked AWS provider), and init + validate of both
# examples; the AWS resource types against the list checked for provider 6.x; docker-compose.yml; shell syntax.
# It installs nothing, needs no network and writes nothing into the repository (no .terraform/, no lock
# file: a lock pinned to the mirror's 5.100.0 would hold a deploy on a provider that rejects dotnet10).
# Runs from any directory; exits non-zero on the first failure.
#
# Usage: deploy/test.sh
set -euo pipefail

DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$DEPLOY_DIR/.." && pwd)"
TF_DIR="$DEPLOY_DIR/terraform"

started=$SECONDS
step() { printf '\n== %s  (at %d s)\n' "$*" "$((SECONDS - started))"; }
die() { printf 'deploy/test.sh: %s\n' "$*" >&2; exit 1; }

command -v terraform >/dev/null || die "terraform is not on PATH (1.7 or later: terraform test with mock_provider)"

# Provider from the filesystem mirror only: no registry access is needed or attempted.
export TF_CLI_CONFIG_FILE="$TF_DIR/.terraformrc-offline"
export TF_IN_AUTOMATION=1
export TF_INPUT=0
export CHECKPOINT_DISABLE=1

step "terraform fmt -check -recursive"
terraform -chdir="$TF_DIR" fmt -check -recursive -diff

# A scratch copy two levels deep, like the original, so that path.module/../../artifacts stays inside it;
# an operator's terraform.tfvars (which `terraform test` would read) and local state stay behind.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
work="$scratch/deploy/terraform"
mkdir -p "$work"
tar -C "$TF_DIR" --exclude=.terraform --exclude=.terraform.lock.hcl --exclude=terraform.tfvars \
  --exclude='*.auto.tfvars' --exclude='*.tfstate' --exclude='*.tfstate.backup' -cf - . | tar -C "$work" -xf -

tf_init() {
  terraform -chdir="$1" init -backend=false -input=false -no-color >/dev/null \
    || die "terraform init failed in ${1#"$scratch"/}; is the AWS provider in the mirror named in $TF_CLI_CONFIG_FILE?"
}

step "terraform init -backend=false (provider from the mirror), validate"
tf_init "$work"
terraform -chdir="$work" version -no-color | sed -n 1,2p  # sed reads to the end: head could end the pipe early (SIGPIPE, exit 141 under pipefail)
terraform -chdir="$work" validate -no-color

step "terraform test"
test_log="$scratch/test.log"
terraform -chdir="$work" test -no-color | tee "$test_log"
# Restate terraform's "Success! N passed, 0 failed." as a plain line that CI summaries can read.
counts="$(grep -Eo '[0-9]+ passed, [0-9]+ failed' "$test_log" | tail -n 1)"
[[ -n "$counts" ]] || die "terraform test printed no pass/fail count"
echo "terraform: $counts"

for example in minimal complete; do
  step "examples/$example: init, validate"
  tf_init "$work/examples/$example"
  terraform -chdir="$work/examples/$example" validate -no-color
done

# README.md ("Deploy to AWS", provider 6.x) lists what was checked against the AWS provider's 6.0 upgrade
# guide for each of these types. A type that is not on the list has not been checked: check it, then add it.
step "AWS resource and data source types checked for provider 6.x"
checked_for_v6=(
  aws_cloudwatch_dashboard aws_cloudwatch_event_rule aws_cloudwatch_event_target aws_cloudwatch_log_group
  aws_cloudwatch_log_metric_filter aws_cloudwatch_metric_alarm aws_dynamodb_table aws_ecr_repository
  aws_ecs_cluster aws_ecs_task_definition aws_iam_role aws_iam_role_policy aws_lambda_event_source_mapping
  aws_lambda_function aws_scheduler_schedule aws_secretsmanager_secret aws_sns_topic aws_sns_topic_policy
  aws_sns_topic_subscription aws_sqs_queue aws_sqs_queue_policy aws_sqs_queue_redrive_allow_policy aws_ssm_parameter
  data.aws_secretsmanager_secret_versions
)
used="$(grep -rhoE --include='*.tf' --exclude-dir=.terraform '^(resource|data) "aws_[a-z0-9_]+"' "$TF_DIR" \
  | sed -E 's/^resource "([^"]+)"/\1/; s/^data "([^"]+)"/data.\1/' | sort -u)"
unchecked="$(comm -23 <(echo "$used") <(printf '%s\n' "${checked_for_v6[@]}" | sort -u))"
[[ -z "$unchecked" ]] || die "not yet checked against the provider 6.0 upgrade guide: $(echo $unchecked)"
echo "$(echo "$used" | wc -l) types in use, all checked"

step "docker-compose.yml"
if command -v docker-compose >/dev/null; then
  (cd "$REPO_ROOT" && docker-compose -f docker-compose.yml config -q)
  echo "docker-compose config: valid"
elif docker compose version >/dev/null 2>&1; then
  (cd "$REPO_ROOT" && docker compose -f docker-compose.yml config -q)
  echo "docker compose config: valid"
elif command -v python3 >/dev/null && python3 -c 'import yaml' 2>/dev/null; then
  # No Compose here: a structural check instead (YAML with its anchors and merges, every service built or
  # pulled, Dockerfiles present, depends_on naming services).
  (cd "$REPO_ROOT" && python3 - docker-compose.yml <<'PY'
import os, sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
services = doc.get("services") or {}
errors = []
for name, svc in services.items():
    if not (svc.get("image") or svc.get("build")):
        errors.append(f"{name}: neither image nor build")
    build = svc.get("build")
    if isinstance(build, dict):
        dockerfile = os.path.join(build.get("context", "."), build.get("dockerfile", "Dockerfile"))
        if not os.path.isfile(dockerfile):
            errors.append(f"{name}: {dockerfile} does not exist")
    for dep in svc.get("depends_on") or []:
        if dep not in services:
            errors.append(f"{name}: depends_on names no service: {dep}")
if errors:
    sys.exit("docker-compose.yml: " + "; ".join(errors))
print(f"docker-compose.yml: {len(services)} services, structure valid (no Compose installed, so not `config`)")
PY
  )
else
  echo "SKIPPED: neither Compose nor python3 with PyYAML is installed (this script installs nothing)"
fi

step "shell scripts"
bash -n "$REPO_ROOT/package.sh" "$DEPLOY_DIR"/docker/local-stack/*.sh "$DEPLOY_DIR/test.sh"
echo "syntax OK"

printf '\ndeploy/test.sh: all checks passed in %d s\n' "$((SECONDS - started))"
