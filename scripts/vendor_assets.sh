#!/bin/sh
# Refresh the vendored browser assets under static/vendor/ from npm (run by `make vendor`).
#
# Why vendored: the app must work offline and under a strict Content-Security-Policy, and no page may
# contact a CDN (privacy of users of a public authority). So `make demo` needs neither Node nor network
# for assets; only whoever refreshes them runs this script (needs Node.js/npm).
#
# Copies only what the pages use:
#   static/vendor/kern/  KERN UX (@kern-ux/native): kern.min.css, Fira Sans in the weights KERN uses
#   static/vendor/htmx/  htmx 2.x: htmx.min.js
# Each folder gets VERSION (package, version, licence, source) and LICENSE (the package's licence text).
#
# Usage: sh scripts/vendor_assets.sh            (versions below)
#        KERN_VERSION=2.7.2 HTMX_VERSION=2.0.11 sh scripts/vendor_assets.sh
set -eu

KERN_VERSION="${KERN_VERSION:-2.7.2}"
HTMX_VERSION="${HTMX_VERSION:-2.0.11}"
# KERN's CSS uses the weights 400, 500 and 600; italic text uses 400 italic. The other 6 font files
# would add ~800 KB for weights no page renders.
FONT_FACES="400:normal 400:italic 500:normal 600:normal"

ROOT=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
VENDOR="$ROOT/static/vendor"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT INT TERM

command -v npm >/dev/null 2>&1 || { echo "npm is required to refresh vendored assets" >&2; exit 1; }

echo "Installing @kern-ux/native@$KERN_VERSION and htmx.org@$HTMX_VERSION into $WORK"
(cd "$WORK" && npm init -y >/dev/null &&
    npm install --no-audit --no-fund --ignore-scripts --save-exact \
        "@kern-ux/native@$KERN_VERSION" "htmx.org@$HTMX_VERSION" >/dev/null)

installed_version() {
    sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$1/package.json" | head -n 1
}

write_version_note() {  # folder package version licence
    cat >"$1/VERSION" <<EOF
package: $2
version: $3
licence: $4 (text in LICENSE)
source: https://www.npmjs.com/package/$2
refreshed by: scripts/vendor_assets.sh (make vendor)
files:
EOF
    (cd "$1" && find . -type f ! -name VERSION | sort | sed 's|^\./|  |') >>"$1/VERSION"
}

# Keep only the @font-face blocks whose "weight:style" is listed in FONT_FACES.
filter_font_faces() {
    awk -v keep="$FONT_FACES" '
        BEGIN { n = split(keep, k, " "); for (i = 1; i <= n; i++) wanted[k[i]] = 1 }
        /@font-face/ { block = ""; inside = 1 }
        inside { block = block $0 "\n" }
        inside && /font-weight/ { w = $0; gsub(/[^0-9]/, "", w) }
        inside && /font-style/ { s = $0; sub(/.*font-style: */, "", s); sub(/[; ].*/, "", s) }
        inside && /}/ { inside = 0; if ((w ":" s) in wanted) printf "%s\n", block }
    ' "$1"
}

# --- KERN UX ---------------------------------------------------------------------------------------
KERN_SRC="$WORK/node_modules/@kern-ux/native"
KERN_DST="$VENDOR/kern"
rm -rf "$KERN_DST"
mkdir -p "$KERN_DST/fonts/fira-sans"
cp "$KERN_SRC/dist/kern.min.css" "$KERN_DST/kern.min.css"
cp "$KERN_SRC/LICENSE.md" "$KERN_DST/LICENSE"
filter_font_faces "$KERN_SRC/dist/fonts/fira-sans.css" >"$KERN_DST/fonts/fira-sans.css"
for font in $(sed -n 's|.*url("\./fira-sans/\([^"]*\)").*|\1|p' "$KERN_DST/fonts/fira-sans.css"); do
    cp "$KERN_SRC/dist/fonts/fira-sans/$font" "$KERN_DST/fonts/fira-sans/$font"
done
write_version_note "$KERN_DST" "@kern-ux/native" "$(installed_version "$KERN_SRC")" "EUPL-1.2"

# --- htmx --------------------------------------------------------------------------------------------
HTMX_SRC="$WORK/node_modules/htmx.org"
HTMX_DST="$VENDOR/htmx"
rm -rf "$HTMX_DST"
mkdir -p "$HTMX_DST"
cp "$HTMX_SRC/dist/htmx.min.js" "$HTMX_DST/htmx.min.js"
cp "$HTMX_SRC/LICENSE" "$HTMX_DST/LICENSE"
write_version_note "$HTMX_DST" "htmx.org" "$(installed_version "$HTMX_SRC")" "0BSD"

# npm keeps the packages' file modes (some fonts are executable); static files need none.
find "$KERN_DST" "$HTMX_DST" -type f -exec chmod 644 {} +

# --- Checks: nothing may load from another origin ----------------------------------------------------
# data: URIs (KERN's icons) are inline; any other absolute URL in a url()/@import would reach the network.
if grep -Eho '(url\(|@import)[^)]*' "$KERN_DST/kern.min.css" "$KERN_DST/fonts/fira-sans.css" |
    grep -v 'data:' | grep -Eq '(https?:)?//'; then
    echo "vendored CSS references a remote URL; refusing to vendor it" >&2
    exit 1
fi
if [ -z "$(ls "$KERN_DST/fonts/fira-sans")" ]; then
    echo "no font files were copied; did the KERN font CSS change its layout?" >&2
    exit 1
fi

du -sh "$KERN_DST" "$HTMX_DST"
echo "Vendored assets refreshed."
