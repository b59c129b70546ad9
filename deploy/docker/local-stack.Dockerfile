# syntax=docker/dockerfile:1
# Everything the local demo needs besides the pipeline itself, in one image; the first argument picks
# the role: sqs (fauxqs, 4566) | dynamodb (dynalite, 4567) | bamboohr (sandbox, 5080) |
# moodle (sandbox, 5081) | bootstrap (create the queues and the table, then exit).
# Build from the repository root: docker build -f deploy/docker/local-stack.Dockerfile -t pipeline-local-stack .

FROM node:22-bookworm-slim AS emulators
WORKDIR /opt/emulators
COPY tools/package.json tools/package-lock.json tools/fauxqs-server.mjs ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
# The stand-ins live under tools/ (they do not ship) and reference no src/ project.
COPY tools/Sandbox.BambooHr/ tools/Sandbox.BambooHr/
COPY tools/Sandbox.Moodle/ tools/Sandbox.Moodle/
RUN dotnet publish tools/Sandbox.BambooHr/Sandbox.BambooHr.csproj -c Release -o /out/bamboohr --nologo \
 && dotnet publish tools/Sandbox.Moodle/Sandbox.Moodle.csproj -c Release -o /out/moodle --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=emulators /usr/local/bin/node /usr/local/bin/node
COPY --from=emulators /opt/emulators /opt/emulators
COPY --from=build /out/ /app/
COPY docs/seed.example.json /app/seed/seed.example.json
COPY deploy/docker/local-stack/entrypoint.sh deploy/docker/local-stack/bootstrap.sh /usr/local/bin/
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1
USER $APP_UID
ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]
CMD ["sqs"]
