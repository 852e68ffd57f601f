#!/bin/sh
# Entry point of every Chirp image: make sure the instance has an ID worker number, then start the extracted
# (layered) Spring Boot application with its launcher.
#
# CHIRP_ID_WORKER_ID (chirp.id.worker-id, 0..1023) must be unique among running instances, or two instances can
# mint the same 64-bit ID in the same millisecond. docker-compose.yml sets it per service. On Kubernetes the
# Deployments leave it unset and it is derived here from the pod name (HOSTNAME): CRC-32 of the name, modulo 1024.
# That is stable for the life of the pod and needs no coordination, but it is a hash: k pods collide with
# probability about k(k-1)/2048 (3 pods 0.3 %, 10 pods 4.3 %). See deploy/README.md ("ID worker numbers").
set -eu
if [ -z "${CHIRP_ID_WORKER_ID:-}" ]; then
  name="${HOSTNAME:-$(hostname)}"
  crc=$(printf '%s' "$name" | cksum | cut -d ' ' -f 1)
  CHIRP_ID_WORKER_ID=$((crc % 1024))
  export CHIRP_ID_WORKER_ID
  echo "chirp: CHIRP_ID_WORKER_ID=${CHIRP_ID_WORKER_ID} (derived from the host name ${name})" >&2
fi
exec java org.springframework.boot.loader.launch.JarLauncher "$@"
