#!/bin/sh
# Fails when a German catalogue has untranslated or fuzzy entries, or its committed .mo does not match
# the .po: every UI string must reach the user in German.
set -eu
status=0
tmp=$(mktemp)
for po in $(find kisa locale -name django.po -path '*/de/*' 2>/dev/null); do
  stats=$(msgfmt --check --statistics -o "$tmp" "$po" 2>&1)
  case "$stats" in
    *untranslated*|*fuzzy*) echo "incomplete: $po: $stats"; status=1 ;;
  esac
  if ! cmp -s "$tmp" "${po%.po}.mo"; then echo "not compiled: ${po%.po}.mo (run make messages)"; status=1; fi
done
rm -f "$tmp"
exit $status
