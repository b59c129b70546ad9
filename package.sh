#!/usr/bin/env bash
# Builds what gets deployed, into artifacts/package/:
#   consumer-lambda.zip  the consumer Lambda, src/Consumer.Lambda (framework-dependent: the managed dotnet10 runtime
#                        supplies .NET); handler Pipeline.Consumer.Lambda::Pipeline.Consumer.Lambda.LambdaEntryPoint::HandleAsync
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
command -v zip >/dev/null || command -v python3 >/dev/null || die "neither zip nor python3 is on PATH (apt-get install zip)"

rm -rf "$OUT"
mkdir -p "$OUT"

echo "package.sh: publishing the consumer (Lambda, linux-x64, framework-dependent)"
dotnet publish "$REPO_ROOT/src/Consumer.Lambda/Consumer.Lambda.csproj" -c "$CONFIGURATION" \
  -r linux-x64 --self-contained false -p:PublishReadyToRun=false -o "$OUT/consumer" --nologo

echo "package.sh: publishing the producer (pipeline CLI, native AOT: about a minute and a half)"
command -v cc >/dev/null || command -v clang >/dev/null || die "native AOT needs a C toolchain to link (apt-get install clang zlib1g-dev)"
dotnet publish "$REPO_ROOT/src/Producer/Producer.csproj" -c "$CONFIGURATION" \
  -r linux-x64 -o "$OUT/producer" --nologo

# What the managed runtime loads: the handler's assembly, its runtimeconfig (which .NET to start) and deps, and the library.
for f in Pipeline.Consumer.Lambda.dll Pipeline.Consumer.Lambda.runtimeconfig.json Pipeline.Consumer.Lambda.deps.json Pipeline.Consumer.dll; do
  [[ -f "$OUT/consumer/$f" ]] || die "publish did not produce $f"
done
# The managed runtime supplies Microsoft.NETCore.App only (no ASP.NET Core): the handler must ask for nothing else.
grep -q '"Microsoft.NETCore.App"' "$OUT/consumer/Pipeline.Consumer.Lambda.runtimeconfig.json" \
  && ! grep -q '"Microsoft.AspNetCore.App"' "$OUT/consumer/Pipeline.Consumer.Lambda.runtimeconfig.json" \
  || die "Pipeline.Consumer.Lambda.runtimeconfig.json must name the Microsoft.NETCore.App framework and no other"
[[ -x "$OUT/producer/pipeline" ]] || die "publish did not produce the native executable producer/pipeline"

# Files at the zip's root, as Lambda expects; -X leaves out extra attributes so rebuilds hash alike.
if command -v zip >/dev/null; then
  (cd "$OUT/consumer" && zip -q -r -X "$OUT/consumer-lambda.zip" .)
else
  python3 - "$OUT/consumer" "$OUT/consumer-lambda.zip" <<'PY'
import os, sys, zipfile
root, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            info = zipfile.ZipInfo(os.path.relpath(path, root), date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = (os.stat(path).st_mode & 0xFFFF) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(path, "rb") as f:
                z.writestr(info, f.read())
PY
fi

echo "package.sh: done"
ls -l "$OUT/consumer-lambda.zip"
ls -l "$OUT/producer/pipeline"
