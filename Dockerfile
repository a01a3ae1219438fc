# Build stage: the whole workspace, release profile.
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin kinerja

# Runtime stage: the binary alone, as an unprivileged user.
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home-dir /var/lib/kinerja --create-home kinerja
COPY --from=build /src/target/release/kinerja /usr/local/bin/kinerja
USER kinerja
WORKDIR /var/lib/kinerja
ENV KINERJA_BIND=0.0.0.0:8080 \
    KINERJA_DATA_DIR=/var/lib/kinerja \
    KINERJA_LOG_FORMAT=json
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/ready || exit 1
ENTRYPOINT ["kinerja"]
CMD ["serve"]
