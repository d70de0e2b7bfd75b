# One image recipe for every BriWatch service: docker compose passes the project as a build argument.
# Build context is the repository root (see docker-compose.yml).
ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
ARG PROJECT
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY shared/ shared/
COPY services/ services/
COPY seeds/ seeds/
RUN dotnet publish "services/${PROJECT}/${PROJECT}.csproj" -c Release -o /app /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
ARG PROJECT
ENV PROJECT_DLL=${PROJECT}.dll \
    ASPNETCORE_URLS=http://+:8080
WORKDIR /app
COPY --from=build /app .
COPY deploy/healthcheck.sh /usr/local/bin/briwatch-healthcheck
# Owned by the app user, so a volume mounted here (DataProtection:KeyRingPath, shared by the API and alerting) is writable.
RUN mkdir -p /var/lib/briwatch/dataprotection-keys && chown app:app /var/lib/briwatch/dataprotection-keys
USER app
EXPOSE 8080
# Healthy once the service answers /health/ready (store and broker reachable); the start period covers the wait for the
# broker (Bus:StartTimeout). deploy/healthcheck.sh says why it is bash and not curl.
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
    CMD ["bash", "/usr/local/bin/briwatch-healthcheck", "/health/ready"]
ENTRYPOINT ["sh", "-c", "exec dotnet \"$PROJECT_DLL\""]
