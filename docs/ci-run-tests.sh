#!/bin/sh
# Runs a test command with wipeout's dumps kept in one folder, then prints, for each dump, the
# commands that open it. Exits with the test command's own status. Keep the folder as the job's
# artifact; download it into a checkout of the same project under the same name.
#
#   sh ci-run-tests.sh node --test --import wipeout/register
#
# WIPEOUT_CI_DUMPS names the folder, relative to the project (default: wipeout-dumps).
set -u
dumps="${WIPEOUT_CI_DUMPS:-wipeout-dumps}"
mkdir -p "$dumps"
folder=$(cd "$dumps" && pwd)
# Failing tests go there (node --test names them after the test), and so do crashes of any
# process the tests start with the hook, whatever its working directory.
export WIPEOUT_TEST_DUMPS="$folder"
# (Not ${WIPEOUT_FILE:-…}: the template's braces would end the expansion.)
if [ -z "${WIPEOUT_FILE:-}" ]; then WIPEOUT_FILE="$folder/{test}-{pid}.wipeout"; fi
export WIPEOUT_FILE

status=0
"$@" || status=$?

if ls "$dumps"/*.wipeout >/dev/null 2>&1; then
  echo "wipeout: dumps in $dumps/; download them into $dumps/ in your checkout, then run one of:"
  npx --no-install wipeout list --commands "$dumps"
else
  # A run with nothing saved leaves nothing behind.
  rmdir "$dumps" 2>/dev/null || true
fi
exit "$status"
