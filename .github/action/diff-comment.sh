#!/usr/bin/env bash
# action.yml, step 3 (pull requests): the inventory diff against the base branch as a comment,
# editing the last one gpufleet left so a pull request keeps one comment.
set -euo pipefail
body="${RUNNER_TEMP:-/tmp}/gpufleet-diff.md"
args=(diff "${GPUFLEET_BASE:?}" HEAD --format markdown)
if [ -n "${GPUFLEET_PATH:-}" ]; then args+=(-- "$GPUFLEET_PATH"); fi
gpufleet "${args[@]}" > "$body"
if [ -n "${GPUFLEET_DRY_RUN:-}" ]; then  # tests: print what would be posted
  cat "$body"
  exit 0
fi
gh pr comment "${PR:?}" --body-file "$body" --edit-last || gh pr comment "$PR" --body-file "$body"
