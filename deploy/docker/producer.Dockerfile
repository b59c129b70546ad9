# syntax=docker/dockerfile:1
# The producer: the `pipeline` CLI. Default command `sync` (the nightly run); ECS/compose override it
# for `status`, `dlq peek`, `dlq replay`, `rewind`.
# Build from the repository root: docker build -f deploy/docker/producer.Dockerfile -t pipeline-producer .

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# global.json is left out on purpose: it pins this repo's SDK patch, the image brings its own 10.0 SDK.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
# ReadyToRun: the producer is a short process started every night (and by hand for status/dlq); precompiled code
# halves its start-up and cuts a 100,000-change sync's CPU (docs/performance.md).
RUN dotnet publish src/Producer/Producer.csproj -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o /out --nologo

FROM mcr.microsoft.com/dotnet/runtime:10.0 AS final
WORKDIR /app
COPY --from=build /out/ ./
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_gcServer=0
# The non-root user the .NET images ship (uid 1654).
USER $APP_UID
ENTRYPOINT ["dotnet", "pipeline.dll"]
CMD ["sync"]
