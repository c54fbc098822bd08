# Fulcrum in a container: the JIT self-contained single-file executable of docs/operations.md
# (src/Fulcrum/Properties/PublishProfiles/linux-x64.pubxml; the Native AOT release build would need clang in the
# SDK image), on a chiseled Ubuntu base with no shell and no
# package manager. Build and run (docker is not available on the machine that runs the tests, so this file is
# kept in step with the publish profile by review, not by CI):
#   docker build -t fulcrum .
#   docker run -p 8080:8080 -v $PWD/fulcrum.yaml:/etc/fulcrum/fulcrum.yaml:ro -v fulcrum-state:/var/lib/fulcrum fulcrum
# In the config, listen on 0.0.0.0 (not 127.0.0.1) and put the journal in the volume:
#   listen: [http://0.0.0.0:8080]
#   journal: { path: /var/lib/fulcrum/fulcrum-journal.db }

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Fulcrum -p:PublishProfile=linux-x64 -o /out \
 && mkdir -p /state

# runtime-deps: a self-contained app needs only the native dependencies, not a .NET runtime. Chiseled images run
# as the non-root user "app" (uid 1654) by default.
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled
COPY --from=build /out/fulcrum /usr/local/bin/fulcrum
COPY --from=build --chown=1654:1654 /state /var/lib/fulcrum
# The single file unpacks its native SQLite library on first run; /tmp is writable for any user.
ENV DOTNET_BUNDLE_EXTRACT_BASE_DIR=/tmp/.net
WORKDIR /var/lib/fulcrum
VOLUME /var/lib/fulcrum
EXPOSE 8080
# SIGTERM (docker stop) drains in-flight requests; exit codes are in docs/cli.md (3 and 4 are worth a restart).
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/fulcrum"]
CMD ["run", "-c", "/etc/fulcrum/fulcrum.yaml"]
