# syntax=docker/dockerfile:1
# One image recipe for all six Chirp services:
#   docker build --build-arg MODULE=tweet-service -t chirp/tweet-service .
# (docker-compose.yml does this for each service). Stage 1 builds the module with the Maven wrapper, stage 2 splits
# the Spring Boot fat jar into its layers (Boot 4: jarmode "tools"), stage 3 is a JRE-only runtime as a non-root user.
# No HEALTHCHECK here: docker-compose.yml and the Kubernetes probes check /actuator/health/{liveness,readiness}.

ARG JDK_IMAGE=eclipse-temurin:17-jdk-noble
ARG JRE_IMAGE=eclipse-temurin:17-jre-noble

FROM ${JDK_IMAGE} AS build
ARG MODULE
WORKDIR /src
# The whole reactor is needed (-am builds chirp-shared with the module); .dockerignore keeps target/, .chirp/ etc. out.
COPY . .
RUN --mount=type=cache,target=/root/.m2,sharing=locked \
    test -n "${MODULE}" || { echo "build with --build-arg MODULE=<module>, e.g. user-service" >&2; exit 1; }; \
    ./mvnw -B -q -pl "${MODULE}" -am -DskipTests package \
 && cp "${MODULE}/target/${MODULE}.jar" /app.jar

FROM ${JRE_IMAGE} AS layers
WORKDIR /layers
COPY --from=build /app.jar app.jar
# Spring Boot 4: layers "dependencies", "spring-boot-loader", "snapshot-dependencies", "application", plus the launcher.
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM ${JRE_IMAGE}
ARG MODULE
LABEL org.opencontainers.image.title="chirp-${MODULE}" \
      org.opencontainers.image.source="https://example.invalid/chirp" \
      org.opencontainers.image.description="Chirp ${MODULE} (Spring Boot 4, Java 17)"
# curl for the compose health checks; a fixed non-root UID/GID that the Kubernetes securityContext repeats.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 chirp \
 && useradd --system --uid 10001 --gid chirp --home-dir /app --no-create-home --shell /usr/sbin/nologin chirp \
 && install -d -o 10001 -g 10001 -m 0700 /var/lib/chirp /var/lib/chirp/jwt
WORKDIR /app
# Least to most frequently changed, so a code change rebuilds only the last layer.
COPY --from=layers /layers/extracted/dependencies/ ./
COPY --from=layers /layers/extracted/spring-boot-loader/ ./
COPY --from=layers /layers/extracted/snapshot-dependencies/ ./
COPY --from=layers /layers/extracted/application/ ./
COPY --chmod=0755 deploy/docker/entrypoint.sh /app/entrypoint.sh
# The services bind to 127.0.0.1 unless told otherwise; in a container they must listen on every interface.
ENV CHIRP_BIND_ADDRESS=0.0.0.0 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"
USER 10001:10001
EXPOSE 8080 8081 8082 8083 8084 8085
ENTRYPOINT ["/app/entrypoint.sh"]
