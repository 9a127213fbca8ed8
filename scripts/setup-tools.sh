#!/usr/bin/env bash
# scripts/setup-tools.sh — install the developer/test tool chain into .tools/ (gitignored).
#
# Installs, from the npm registry only (no GitHub, no binaries.soliditylang.org):
#   .tools/bin/solc            solc 0.8.37 (solc-js) behind our native-solc-compatible wrapper
#                              (scripts/tools/solc-wrapper.cjs: --version and --standard-json)
#   .tools/bin/{forge,cast,anvil}  Foundry 1.7.1 prebuilt linux-x64 binaries
#                              (@foundry-rs/{forge,cast,anvil}-linux-amd64)
#   tests/js/node_modules      ethers 6, viem 2, ws, solc-js for the client tests,
#                              @scure/sr25519 (signatures the sr25519 precompile must accept) and
#                              playwright-core (drives Chromium in the dashboard's browser test)
# and, from apt (Debian/Ubuntu), only when `dpkg -s` says they are missing:
#   mesa-vulkan-drivers libvulkan1  lavapipe, the software Vulkan driver the gpu-worker's wgpu
#                              tests run on where there is no GPU
#   chromium                   /usr/bin/chromium, the headless browser of the dashboard test
#                              (playwright-core never downloads a browser of its own)
# (apt uses sudo when not root)
# Versions are pinned by the committed manifests + lock files:
#   scripts/tools/package.json + package-lock.json     (tools)
#   tests/js/package.json + package-lock.json          (JS tests)
#
# Idempotent and non-interactive. A run records a stamp (hash of the manifests) after a
# successful install and skips that install next time while the stamp matches and the files are
# present, so a second run only verifies versions (about a second).
# Exits non-zero with a message naming the failed step.
#
# Usage: scripts/setup-tools.sh [--force]
#   --force            reinstall everything
#   TAOCHAIN_TOOLS=DIR install the tools somewhere other than <repo>/.tools
# Needs: bash, node >= 20 and npm on PATH, Linux x86_64 (Foundry's npm packages are per platform);
# for the Vulkan packages, root or sudo, unless they are already installed.
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS=${TAOCHAIN_TOOLS:-$ROOT/.tools}
MANIFEST_DIR=$ROOT/scripts/tools
JS_DIR=$ROOT/tests/js
SOLC_VERSION=0.8.37
FOUNDRY_VERSION=1.7.1
FORCE=0

for arg in "$@"; do
  case "$arg" in
    --force) FORCE=1 ;;
    -h|--help) sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup-tools: unknown argument: $arg (try --help)" >&2; exit 2 ;;
  esac
done

STEP="start"
T0=$(date +%s.%N)
say() { echo "setup-tools: $*" >&2; }
die() { echo "setup-tools: ERROR ($STEP): $*" >&2; exit 1; }
# shellcheck disable=SC2154 # rc is set inside the trap
trap 'rc=$?; echo "setup-tools: FAILED during step \"$STEP\" (exit $rc); see the messages above" >&2; exit $rc' ERR

# Hash of the given files' contents: the install stamp.
stamp_of() { cat "$@" | sha256sum | cut -d' ' -f1; }

# npm, quietly (errors still shown); never prompts, no audit/fund network calls.
npm_q() { npm --no-audit --no-fund --loglevel=error --yes "$@"; }

# ---------------------------------------------------------------------------------------------
STEP="prerequisites"
command -v node >/dev/null 2>&1 || die "node not found on PATH (need node >= 20)"
command -v npm >/dev/null 2>&1 || die "npm not found on PATH"
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
[ "$NODE_MAJOR" -ge 20 ] || die "node $(node --version) is too old (need >= 20)"
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) die "unsupported platform $(uname -s)-$(uname -m): the pinned Foundry packages are linux-amd64 only" ;;
esac
for f in package.json package-lock.json solc-wrapper.cjs; do
  [ -f "$MANIFEST_DIR/$f" ] || die "missing $MANIFEST_DIR/$f"
done
[ -f "$JS_DIR/package.json" ] || die "missing $JS_DIR/package.json"
mkdir -p "$TOOLS/bin"
TOOLS=$(cd "$TOOLS" && pwd)

# ---------------------------------------------------------------------------------------------
STEP="npm tools (solc $SOLC_VERSION, foundry $FOUNDRY_VERSION)"
want=$(stamp_of "$MANIFEST_DIR/package.json" "$MANIFEST_DIR/package-lock.json")
have=$(cat "$TOOLS/.installed-tools" 2>/dev/null || true)
if [ "$FORCE" = 0 ] && [ "$want" = "$have" ] \
   && [ -f "$TOOLS/node_modules/solc/package.json" ] \
   && [ -x "$TOOLS/node_modules/@foundry-rs/forge-linux-amd64/bin/forge" ] \
   && [ -x "$TOOLS/node_modules/@foundry-rs/cast-linux-amd64/bin/cast" ] \
   && [ -x "$TOOLS/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil" ]; then
  say "tools already installed (stamp matches), skipping npm ci"
else
  say "installing solc $SOLC_VERSION and foundry $FOUNDRY_VERSION into $TOOLS (npm ci)"
  rm -f "$TOOLS/.installed-tools"
  # A private manifest in $TOOLS keeps npm from walking up into any parent project.
  cp "$MANIFEST_DIR/package.json" "$MANIFEST_DIR/package-lock.json" "$TOOLS/"
  npm_q ci --prefix "$TOOLS" --omit=dev || die "npm ci of the tools failed (is the npm registry reachable?)"
  echo "$want" > "$TOOLS/.installed-tools"
fi

# ---------------------------------------------------------------------------------------------
STEP="solc wrapper"
if ! cmp -s "$MANIFEST_DIR/solc-wrapper.cjs" "$TOOLS/bin/solc" 2>/dev/null; then
  install -m 0755 "$MANIFEST_DIR/solc-wrapper.cjs" "$TOOLS/bin/solc"
  say "installed wrapper $TOOLS/bin/solc"
fi

STEP="foundry links"
for t in forge cast anvil; do
  target="../node_modules/@foundry-rs/$t-linux-amd64/bin/$t"
  if [ "$(readlink "$TOOLS/bin/$t" 2>/dev/null || true)" != "$target" ]; then
    ln -sfn "$target" "$TOOLS/bin/$t"
    say "linked $TOOLS/bin/$t"
  fi
done

# ---------------------------------------------------------------------------------------------
STEP="JS test dependencies (tests/js)"
js_inputs=("$JS_DIR/package.json")
[ -f "$JS_DIR/package-lock.json" ] && js_inputs+=("$JS_DIR/package-lock.json")
want=$(stamp_of "${js_inputs[@]}")
have=$(cat "$JS_DIR/node_modules/.installed-taochain" 2>/dev/null || true)
if [ "$FORCE" = 0 ] && [ "$want" = "$have" ] && [ -d "$JS_DIR/node_modules/ethers" ] && [ -d "$JS_DIR/node_modules/viem" ] \
   && [ -d "$JS_DIR/node_modules/@scure/sr25519" ] && [ -d "$JS_DIR/node_modules/playwright-core" ]; then
  say "tests/js dependencies already installed (stamp matches), skipping"
else
  if [ -f "$JS_DIR/package-lock.json" ]; then
    say "installing tests/js dependencies (npm ci)"
    (cd "$JS_DIR" && npm_q ci) || die "npm ci in tests/js failed"
  else
    say "tests/js has no package-lock.json: npm install (commit the lock it writes)"
    (cd "$JS_DIR" && npm_q install) || die "npm install in tests/js failed"
    want=$(stamp_of "$JS_DIR/package.json" "$JS_DIR/package-lock.json")
  fi
  echo "$want" > "$JS_DIR/node_modules/.installed-taochain"
fi

# ---------------------------------------------------------------------------------------------
STEP="verify versions"
solc_v=$("$TOOLS/bin/solc" --version | sed -n 's/^Version: //p') || die "$TOOLS/bin/solc --version failed"
case "$solc_v" in "$SOLC_VERSION"+*) ;; *) die "solc reports '$solc_v', expected $SOLC_VERSION" ;; esac
declare -A fv
for t in forge cast anvil; do
  fv[$t]=$("$TOOLS/bin/$t" --version 2>/dev/null | head -1) || die "$TOOLS/bin/$t --version failed"
  case "${fv[$t]}" in *"$FOUNDRY_VERSION"*) ;; *) die "$t reports '${fv[$t]}', expected $FOUNDRY_VERSION" ;; esac
done
js_v=$(cd "$JS_DIR" && node --input-type=module -e '
  import { readFileSync } from "node:fs";
  const v = n => JSON.parse(readFileSync(`node_modules/${n}/package.json`, "utf8")).version;
  await import("ethers"); await import("viem"); await import("ws"); await import("@scure/sr25519");
  await import("playwright-core");
  console.log(`ethers ${v("ethers")}, viem ${v("viem")}, ws ${v("ws")}, solc-js ${v("solc")}, ` +
    `@scure/sr25519 ${v("@scure/sr25519")}, playwright-core ${v("playwright-core")}`);') \
  || die "tests/js dependencies do not load"

# ---------------------------------------------------------------------------------------------
STEP="apt packages (mesa-vulkan-drivers libvulkan1 for the gpu-worker's wgpu tests, chromium for the dashboard test)"
VK_PKGS=(mesa-vulkan-drivers libvulkan1 chromium)
if ! command -v dpkg >/dev/null 2>&1; then
  vk_status="not checked (no dpkg: install a Vulkan loader and driver, e.g. Mesa's lavapipe, and Chromium yourself)"
  say "no dpkg on this machine: skipping ${VK_PKGS[*]}; the wgpu tests need a Vulkan adapter, the dashboard test /usr/bin/chromium"
else
  vk_missing=()
  for p in "${VK_PKGS[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || vk_missing+=("$p")
  done
  if [ ${#vk_missing[@]} -eq 0 ]; then
    vk_status="installed"
  else
    if [ "$(id -u)" = 0 ]; then
      SUDO=()
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      SUDO=(sudo -n)
    else
      die "missing ${vk_missing[*]} and not root (and no passwordless sudo): run
    sudo apt-get update && sudo apt-get install -y ${vk_missing[*]}
  then run this script again (the gpu-worker's wgpu tests and the dashboard test need them)"
    fi
    say "installing ${vk_missing[*]} (apt-get)"
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
      || die "apt-get update failed"
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${vk_missing[@]}" || die "apt-get install ${vk_missing[*]} failed"
    vk_status="installed now (${vk_missing[*]})"
  fi
fi

elapsed=$(awk -v a="$T0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
cat <<EOF
setup-tools: OK in ${elapsed}s (tools in $TOOLS)
  solc   $solc_v  ($TOOLS/bin/solc, solc-js wrapper)
  forge  ${fv[forge]}
  cast   ${fv[cast]}
  anvil  ${fv[anvil]}
  node   $(node --version); tests/js: $js_v
  apt    ${VK_PKGS[*]}: $vk_status
EOF
