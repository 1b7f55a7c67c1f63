#!/usr/bin/env bash
# Loads the dashboard in headless Chromium, signs in on the identity provider's login page (DASHBOARD_USER, default
# viewer; DASHBOARD_PASSWORD, default the user name, as in the local realm), reads every figure the page shows
# (data-kpi / data-value), fetches the same figures from the API with the page's own sign-in, fails with a diff when they
# differ and when the same user can read bronze; saves a 1440x900 screenshot.
#   e2e/dashboard-check.sh http://127.0.0.1:8080/ target/dashboard.png
# Exit codes: 0 equal, 1 figures differ, 2 cannot check (no chromium, API unreachable, page never showed data).
# CHROMIUM=/path/to/chrome overrides the browser; python3 (standard library only) does the comparing.
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 DASHBOARD_URL SCREENSHOT_PATH" >&2
  exit 2
fi
exec python3 "$(dirname "$0")/dashboard_check.py" "$1" "$2"
