# shellcheck shell=bash
# Hook for ./chirp test: stages that run after `./mvnw -B verify` has passed, with the servers still up.
# Return non-zero to fail the run; ./chirp test then exits with that code.
#
# To be filled in: documentation checks (e.g. links and code samples in docs/ and API.md) and an end-to-end stage
# (start the services with `services_up`, drive the public API through the gateway on 8080, stop them with
# `services_down`).
test_extra_stages() {
  return 0
}
