#!/usr/bin/env bash
# action.yml, step 2: validate; annotations (or a report file), the job summary, the exit code as an output.
set -uo pipefail
args=(validate --format "${GPUFLEET_FORMAT:-github}")
if [ "${GPUFLEET_STRICT:-false}" = "true" ]; then args+=(--strict); fi
if [ -n "${GPUFLEET_PATH:-}" ]; then args+=("$GPUFLEET_PATH"); fi
if [ -n "${GPUFLEET_REPORT:-}" ]; then
  gpufleet "${args[@]}" > "$GPUFLEET_REPORT"
else
  gpufleet "${args[@]}"
fi
code=$?
echo "exit-code=$code" >> "${GITHUB_OUTPUT:-/dev/null}"
exit "$code"
