#!/usr/bin/env bash
# Builds what gets deployed, into artifacts/package/:
#   consumer-lambda.zip  the consumer Lambda (framework-dependent: the managed dotnet10 runtime supplies .NET)
#   consumer/            its publish folder (what the zip holds)
#   producer/pipeline    the producer, one native (ahead-of-time compiled) linux-x64 executable: `pipeline sync`,
#                        `pipeline status`, ... (pipeline.dbg beside it holds its debug symbols); the container
#                        image is built from source by deploy/docker/producer.Dockerfile the same way
#
# Usage: ./package.sh            (from any directory)
# Then:  terraform -chdir=deploy/terraform apply   (consumer_zip_path defaults to the zip above)
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$REPO_ROOT/artifacts/package"
CONFIGURATION="${CONFIGURATION:-Release}"

die() { printf 'package.sh: %s\n' "$*" >&2; exit 1; }
command -v dotnet >/dev/null || die "dotnet is not on PATH; install the SDK named in global.json"
command -v zip >/dev/null || die "zip is not on PATH (apt-get install zip)"

rm -rf "$OUT"
mkdir -p "$OUT"

echo "package.sh: publishing the consumer (Lambda, linux-x64, framework-dependent)"
dotnet publish "$REPO_ROOT/src/Consumer/Consumer.csproj" -c "$CONFIGURATION" \
  -r linux-x64 --self-contained false -p:PublishReadyToRun=false -o "$OUT/consumer" --nologo

echo "package.sh: publishing the producer (pipeline CLI, native AOT: about a minute and a half)"
command -v cc >/dev/null || command -v clang >/dev/null || die "native AOT needs a C toolchain to link (apt-get install clang zlib1g-dev)"
dotnet publish "$REPO_ROOT/src/Producer/Producer.csproj" -c "$CONFIGURATION" \
  -r linux-x64 -o "$OUT/producer" --nologo

[[ -f "$OUT/consumer/Pipeline.Consumer.dll" ]] || die "publish did not produce Pipeline.Consumer.dll"
[[ -x "$OUT/producer/pipeline" ]] || die "publish did not produce the native executable producer/pipeline"

# Files at the zip's root, as Lambda expects; -X leaves out extra attributes so rebuilds hash alike.
(cd "$OUT/consumer" && zip -q -r -X "$OUT/consumer-lambda.zip" .)

echo "package.sh: done"
ls -l "$OUT/consumer-lambda.zip"
ls -l "$OUT/producer/pipeline"
