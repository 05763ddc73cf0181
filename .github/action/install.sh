#!/usr/bin/env bash
# action.yml, step 1: install gpufleet (the requirement given, else the action's own checkout).
set -euo pipefail
python3 -m pip install --quiet --disable-pip-version-check "${GPUFLEET_REQUIREMENT:-${GPUFLEET_ACTION_PATH:?}}"
gpufleet --version
