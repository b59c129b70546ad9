# syntax=docker/dockerfile:1
# The consumer as a long-polling worker (ECS service or the local demo); on AWS the same code runs
# as the Lambda built by package.sh.
# Build from the repository root: docker build -f deploy/docker/consumer-worker.Dockerfile -t pipeline-consumer .

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# global.json is left out on purpose: it pins this repo's SDK patch, the image brings its own 10.0 SDK.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
RUN dotnet publish src/Consumer.Worker/Consumer.Worker.csproj -c Release -o /out --nologo

FROM mcr.microsoft.com/dotnet/runtime:10.0 AS final
WORKDIR /app
COPY --from=build /out/ ./
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1
USER $APP_UID
ENTRYPOINT ["dotnet", "Pipeline.Consumer.Worker.dll"]
CMD ["worker"]
