#!/usr/bin/env bash
# Installs code-server (VS Code in the browser) for the end-to-end tests, from the npm registry
# only: no GitHub downloads, so it works on CI machines without general internet access.
#
#   scripts/install-code-server.sh            -> node_modules/.cache/code-server-<version>/
#   CODE_SERVER_HOME=/some/dir scripts/install-code-server.sh
#
# Prints the path of the code-server binary on the last line of stdout. A finished install is
# marked with a stamp file, so a second run returns at once; a broken half-install is thrown away.
#
# Needs node 20, python3, make, g++ (node-gyp builds the native modules) and the Debian packages
# ripgrep and libkrb5-dev; it installs those two with apt-get when they are missing and it can.
set -euo pipefail

CS_VERSION="${CS_VERSION:-4.100.3}"   # = VS Code 1.100.3; the last 4.x whose engines.node is 20
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="${CODE_SERVER_HOME:-$ROOT/node_modules/.cache/code-server-$CS_VERSION}"
BIN="$DEST/node_modules/.bin/code-server"
STAMP="$DEST/.installed"

log() { echo "[install-code-server] $*" >&2; }

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$CS_VERSION" ] && [ -x "$BIN" ]; then
  log "code-server $CS_VERSION already installed in $DEST"
  echo "$BIN"
  exit 0
fi

# --- system prerequisites -------------------------------------------------------------------
missing=()
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
[ -e /usr/include/krb5.h ] || [ -e /usr/include/krb5/krb5.h ] || missing+=(libkrb5-dev)
for tool in python3 make g++; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$( [ "$tool" = python3 ] && echo python3 || echo build-essential )")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing missing apt packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  else
    log "ERROR: missing ${missing[*]} (apt-get install ${missing[*]})"
    exit 1
  fi
fi
major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$major" != 20 ]; then
  log "WARNING: node $(node --version); code-server $CS_VERSION's engines ask for node 20"
fi

# --- install into a scratch folder, move into place when complete --------------------------
mkdir -p "$(dirname "$DEST")"
rm -rf "$DEST" "$DEST.partial"
WORK="$DEST.partial"
mkdir -p "$WORK"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

# node-pty's install script calls `npx node-gyp`; never prompt. Keep code-server (and the
# native builds) from writing into the real ~/.config and ~/.cache.
export npm_config_yes=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
# (HOME stays: npm keeps reading ~/.npmrc and its package cache.)
export XDG_CONFIG_HOME="$WORK/.home/config" XDG_DATA_HOME="$WORK/.home/data"
# node-gyp needs the node headers; without internet it must find them locally
# (Debian's nodejs ships them in /usr/include/node; an explicit npm_config_nodedir wins.)
if [ -z "${npm_config_nodedir:-}" ] && [ "$(command -v node)" = /usr/bin/node ] && [ -f /usr/include/node/node.h ]; then
  export npm_config_nodedir=/usr
fi

echo '{"name":"code-server-host","private":true}' > package.json
# 1. fetch without scripts: code-server's postinstall refuses to run as root and downloads from GitHub
log "npm install code-server@$CS_VERSION (scripts off)"
npm install --no-save --ignore-scripts --loglevel=error "code-server@$CS_VERSION" >&2
log "building argon2 (node-gyp; no GitHub prebuild)"
npm rebuild argon2 --foreground-scripts --loglevel=error >&2

VS="$WORK/node_modules/code-server/lib/vscode"
cd "$VS"
log "npm install VS Code's own production dependencies (scripts off)"
npm install --omit=dev --ignore-scripts --loglevel=error >&2
# 2. @vscode/ripgrep's postinstall downloads rg from api.github.com; it skips when bin/ exists
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
log "npm rebuild (node-pty, spdlog, kerberos, watchdog, deviceid)"
npm rebuild --foreground-scripts --loglevel=error >&2
# 3. what code-server's postinstall.sh does after its npm install
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev --loglevel=error >&2)

# smoke test: the native modules load and the CLI answers
version="$("$WORK/node_modules/.bin/code-server" --version 2>/dev/null | grep -m1 "^$CS_VERSION " || true)"
case "$version" in
  "$CS_VERSION"*) ;;
  *) log "ERROR: code-server --version said: $version"; exit 1 ;;
esac
(cd "$VS" && node -e 'for (const m of ["node-pty","@vscode/spdlog","kerberos","@parcel/watcher"]) require(m)') >&2

rm -rf "$WORK/.home"
echo "$CS_VERSION" > "$WORK/.installed"
cd "$ROOT"
mv "$WORK" "$DEST"
trap - EXIT
log "code-server $version installed in $DEST"
echo "$BIN"
