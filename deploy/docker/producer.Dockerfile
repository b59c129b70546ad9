# syntax=docker/dockerfile:1
# The producer: the `pipeline` CLI. Default command `sync` (the nightly run); ECS/compose override it
# for `status`, `dlq peek`, `dlq replay`, `rewind`.
# Build from the repository root: docker build -f deploy/docker/producer.Dockerfile -t pipeline-producer .

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# Native AOT links with the platform toolchain.
RUN apt-get update && apt-get install -y --no-install-recommends clang zlib1g-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# global.json is left out on purpose: it pins this repo's SDK patch, the image brings its own 10.0 SDK.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
# Native AOT (PublishAot in src/Producer/Producer.csproj): the producer is a short process started every night (and
# by hand for status/dlq); one native executable has no start-up compilation and a third less CPU per message.
RUN dotnet publish src/Producer/Producer.csproj -c Release -r linux-x64 -o /out --nologo

# No .NET runtime needed, only the libraries a native .NET program links to.
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0 AS final
WORKDIR /app
COPY --from=build /out/pipeline ./
ENV DOTNET_gcServer=0
# The non-root user the .NET images ship (uid 1654).
USER $APP_UID
ENTRYPOINT ["/app/pipeline"]
CMD ["sync"]
