#!/usr/bin/env bash
# Check the packaged app (building it first if it is missing or older than the sources):
# runs the packaged binary headless against a temporary data dir and fails loudly.
#
#   0. (Linux) the desktop entry and the AppStream metainfo that ship in the tarball pass
#      the validators a distribution runs: desktop-file-validate (desktop-file-utils) and
#      appstreamcli validate (appstream); as root on Debian they are installed when missing
#   1. `--version` prints the version of canvass_app/__init__.py
#   2. `status --json` on an empty data dir prints all-zero counts and writes the log
#   3. the bundled reference server (`serve`) starts; `import` queues a visit and
#      `sync --once` sends it over real HTTP; `status --json` then counts it as sent
#   4. the window opens on the offscreen platform and stays up (when the GUI exists)
#   5. `--demo` opens, with the recorded walk read from the bundle's resources
#
# Nothing touches the real profile: HOME, XDG dirs and the keyring point at a temp dir.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
STARTED=$(date +%s)

fail() {
    echo "package-check FAILED: $*" >&2
    exit 1
}
step() { echo "package-check: $*"; }

case "$(uname -s)" in
    Darwin) BIN="dist/Canvass.app/Contents/MacOS/canvass-app" ;;
    MINGW* | MSYS* | CYGWIN*) BIN="dist/canvass-app/canvass-app.exe" ;;
    *) BIN="dist/canvass-app/canvass-app" ;;
esac
PY=.venv/bin/python
[[ -x "$PY" ]] || PY=.venv/Scripts/python.exe
[[ -x "$PY" ]] || fail "no .venv in $ROOT; run 'make test' first"

if [[ ! -x "$BIN" ]]; then
    step "no build yet; building"
    bash packaging/build.sh
elif [[ "$(uname -s)" == "Linux" && ! -d build/pyinstaller/stage ]]; then
    step "no staged desktop files yet; building"
    bash packaging/build.sh
elif [[ -n "$(find canvass_app packaging pyproject.toml -type f -newer "$BIN" \
        ! -name '*.pyc' ! -path '*/__pycache__/*' -print -quit)" ]]; then
    step "sources changed since the last build; rebuilding"
    bash packaging/build.sh
fi
[[ -x "$BIN" ]] || fail "the build did not produce $BIN"
BIN="$ROOT/$BIN"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/canvass-check.XXXXXX")"
SERVER_PID=""
GUI_PID=""
DEMO_PID=""
cleanup() {
    # Keep the script's own status: the processes stopped here end with 143 (SIGTERM),
    # which under `set -e` would otherwise become the exit status of the check.
    local status=$?
    local pid
    for pid in "$SERVER_PID" "$GUI_PID" "$DEMO_PID"; do
        if [[ -n "$pid" ]]; then
            kill "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    rm -rf "$TMP"
    exit "$status"
}
trap cleanup EXIT

export HOME="$TMP/home" XDG_DATA_HOME="$TMP/home/.local/share"
export XDG_CONFIG_HOME="$TMP/home/.config" XDG_CACHE_HOME="$TMP/home/.cache"
export QT_QPA_PLATFORM=offscreen
# The bundle keeps the database key in the OS keyring; a build machine has none (it would
# ask for a passphrase). Give it the tests' file keyring, in the temp dir, through keyring's
# own configuration (keyring-path puts tests/support on its path).
export CANVASS_TEST_KEYRING="$TMP/keyring.json"
mkdir -p "$XDG_CONFIG_HOME/python_keyring"
printf '[backend]\ndefault-keyring = file_keyring.FileKeyring\nkeyring-path = %s\n' \
    "$ROOT/tests/support" > "$XDG_CONFIG_HOME/python_keyring/keyringrc.cfg"
unset CANVASS_TOKEN CANVASS_DATA_DIR
mkdir -p "$HOME"
DATA="$TMP/data"

# 0. the desktop entry and the metainfo validate ------------------------------------------
need_tool() {  # need_tool COMMAND DEBIAN_PACKAGE
    command -v "$1" >/dev/null 2>&1 && return 0
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
        step "installing $2 (for $1)"
        if ! apt-get install -y --no-install-recommends "$2" >"$TMP/apt.log" 2>&1; then
            apt-get update >>"$TMP/apt.log" 2>&1 || true
            apt-get install -y --no-install-recommends "$2" >>"$TMP/apt.log" 2>&1 \
                || fail "could not install $2: $(tail -5 "$TMP/apt.log")"
        fi
    fi
    command -v "$1" >/dev/null 2>&1 || fail "$1 is missing; install the $2 package"
}
if [[ "$(uname -s)" == "Linux" ]]; then
    need_tool desktop-file-validate desktop-file-utils
    need_tool appstreamcli appstream
    VERSION="$("$PY" -c 'import canvass_app; print(canvass_app.__version__)')"
    APP_ID="$("$PY" -c 'import canvass_app; print(canvass_app.APP_ID)')"
    SHARE="build/pyinstaller/stage/canvass-app-$VERSION/share"
    DESKTOP="$SHARE/applications/$APP_ID.desktop"
    METAINFO="$SHARE/metainfo/$APP_ID.metainfo.xml"
    [[ -f "$DESKTOP" && -f "$METAINFO" ]] || fail "the build staged no $APP_ID.desktop or metainfo in $SHARE"
    # desktop-file-validate prints hints (which do not fail it) too: any line is a finding.
    FINDINGS="$(desktop-file-validate "$DESKTOP" 2>&1)" || fail "desktop-file-validate: $FINDINGS"
    [[ -z "$FINDINGS" ]] || fail "desktop-file-validate: $FINDINGS"
    # --no-net: the screenshot and project URLs are not fetched (no network in CI).
    appstreamcli validate --no-net --explain "$METAINFO" > "$TMP/appstream.out" 2>&1 \
        || fail "appstreamcli validate: $(cat "$TMP/appstream.out")"
    for size in 16 32 48 64 128 256 512; do
        [[ -f "$SHARE/icons/hicolor/${size}x${size}/apps/$APP_ID.png" ]] || fail "no ${size}px icon named $APP_ID"
    done
    step "the desktop entry and the AppStream metainfo validate ($(appstreamcli --version))"
fi

# 1. --version --------------------------------------------------------------------------
EXPECTED_VERSION="$(sed -n 's/^__version__ = "\(.*\)"/\1/p' canvass_app/__init__.py)"
VERSION_OUT="$("$BIN" --version 2>&1)" || fail "--version exited with $?: $VERSION_OUT"
[[ "$VERSION_OUT" == "canvass-app $EXPECTED_VERSION" ]] \
    || fail "--version printed '$VERSION_OUT', expected 'canvass-app $EXPECTED_VERSION'"
step "--version ok ($VERSION_OUT)"

# 2. status --json on an empty data dir ------------------------------------------------------
check_status() {  # check_status '<python expression over s>' 'what it means'
    local out
    out="$("$BIN" --data-dir "$DATA" status --json)" || fail "status --json exited with $?"
    STATUS_JSON="$out" "$PY" - "$1" "$2" <<'PYCHECK' || fail "status --json: $2 (got: $out)"
import json, os, sys
s = json.loads(os.environ["STATUS_JSON"])
keys = {"queued", "sending", "sent", "retry_wait", "unknown", "needs_attention", "rejected",
        "oldest_unsent_age_s"}
missing = keys - set(s)
if missing:
    sys.exit(f"missing keys: {sorted(missing)}")
if not eval(sys.argv[1], {"s": s}):
    sys.exit(1)
PYCHECK
}
check_status 'all(s[k] == 0 for k in ("queued","sending","sent","retry_wait","unknown","needs_attention","rejected")) and s["oldest_unsent_age_s"] is None' \
    "an empty data dir should count nothing"
[[ -s "$DATA/logs/canvass.log" ]] || fail "no log file at $DATA/logs/canvass.log"
step "status --json ok on an empty data dir; log written"

# 3. serve + import + sync over real HTTP -------------------------------------------------
TOKEN="check-$(date +%s)-$$"
"$BIN" --data-dir "$TMP/server-data" serve --host 127.0.0.1 --port 0 --seed demo \
    --token "$TOKEN" > "$TMP/serve.out" 2>&1 &
SERVER_PID=$!
URL=""
for _ in $(seq 1 100); do
    URL="$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$TMP/serve.out" | head -1 || true)"
    [[ -n "$URL" ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || fail "serve exited: $(cat "$TMP/serve.out")"
    sleep 0.1
done
[[ -n "$URL" && "$URL" != *":0" ]] || fail "serve did not say where it listens: $(cat "$TMP/serve.out")"

cat > "$TMP/visit.jsonl" <<'JSON'
{"campaignId": "61fbfbaa-5de8-4d17-ac2b-c47f2376265a", "contactId": "0478dbbf-b6eb-4168-afa9-5ebab6fef4b6", "householdId": "c15e3515-aabf-42da-8d1b-31679f738eae", "contactHouseholdId": "d070b1dc-9611-4f29-9300-a32160d21baa", "timestamp": "2018-07-17T18:40:53.526Z", "unavailable": true, "unavailableReason": "Come Back", "successful": false, "survey": {"responses": {}, "surveyId": "375d437b-3b47-4940-b43d-be8daec4afff"}, "location": {"lat": 33.43174362182617, "lng": -84.18405151367188, "confidence": 0}}
JSON
"$BIN" --data-dir "$DATA" import "$TMP/visit.jsonl" --canvasser "package check" > "$TMP/import.out" \
    || fail "import exited with $?: $(cat "$TMP/import.out")"
check_status 's["queued"] == 1' "the imported visit should be queued"
CANVASS_TOKEN="$TOKEN" "$BIN" --data-dir "$DATA" --api-url "$URL" sync --once > "$TMP/sync.out" 2>&1 \
    || fail "sync --once exited with $?: $(cat "$TMP/sync.out")"
check_status 's["sent"] == 1 and s["queued"] == 0' "the visit should be sent after sync"
if grep -rq "$TOKEN" "$DATA/logs"; then fail "the token appears in the log"; fi
step "serve, import, sync --once ok against $URL (token not in the log)"

# 4. the window opens (offscreen) and stays up --------------------------------------------
if [[ -f canvass_app/ui/app.py ]]; then
    # the first start asks for the supervisor PIN in a dialog: set the laptops up first
    for folder in gui-data demo-data; do
        printf '482913\n' | "$BIN" --data-dir "$TMP/$folder" set-up --pin-stdin > "$TMP/set-up.out" 2>&1 \
            || fail "set-up exited with $?: $(cat "$TMP/set-up.out")"
    done
    "$BIN" --data-dir "$TMP/gui-data" > "$TMP/gui.out" 2>&1 &
    GUI_PID=$!
    for _ in $(seq 1 50); do
        kill -0 "$GUI_PID" 2>/dev/null || fail "the window closed at once: $(cat "$TMP/gui.out")"
        [[ -s "$TMP/gui-data/logs/canvass.log" ]] && break
        sleep 0.1
    done
    sleep 3
    kill -0 "$GUI_PID" 2>/dev/null || fail "the window closed by itself: $(cat "$TMP/gui.out")"
    grep -q "unexpected error" "$TMP/gui-data/logs/canvass.log" \
        && fail "the window logged an unexpected error: $(grep -A20 'unexpected error' "$TMP/gui-data/logs/canvass.log")"
    step "the window opened on the offscreen platform and stayed up"
else
    step "no canvass_app/ui/app.py yet: window check skipped"
fi

# 5. --demo: the embedded server, the walklist and the recorded walk from the bundle ---------
if [[ -f canvass_app/ui/app.py ]]; then
    DEMO_LOG="$TMP/demo-data/logs/canvass.log"
    "$BIN" --demo --data-dir "$TMP/demo-data" > "$TMP/demo.out" 2>&1 &
    DEMO_PID=$!
    for _ in $(seq 1 300); do
        kill -0 "$DEMO_PID" 2>/dev/null || fail "the demo closed at once: $(cat "$TMP/demo.out")"
        grep -qs "crash handler installed" "$DEMO_LOG" && break
        sleep 0.1
    done
    grep -qs "crash handler installed" "$DEMO_LOG" || fail "the demo window did not open: $(cat "$TMP/demo.out")"
    grep -q "the demo replays the walk in " "$DEMO_LOG" \
        || fail "the demo found no recorded walk in the bundle: $(grep -i walk "$DEMO_LOG")"
    grep -Eq " (WARNING|ERROR) " "$DEMO_LOG" && fail "the demo logged a problem: $(grep -E " (WARNING|ERROR) " "$DEMO_LOG")"
    kill "$DEMO_PID" 2>/dev/null || true
    wait "$DEMO_PID" 2>/dev/null || true
    DEMO_PID=""
    step "--demo opened with its walklist and the recorded walk from the bundle"
fi

SIZE="$(du -sh "$(dirname "$BIN")" | cut -f1)"
step "all checks passed in $(( $(date +%s) - STARTED )) s; the app folder is $SIZE"
