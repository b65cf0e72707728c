#!/bin/sh
# Uploads dist/ to an S3 bucket with the Cache-Control of each file (docs/deploy.md):
#   redirect.html                         no-store
#   <name>-<12..16 hex>.* / <name>-<hex>_*  public, max-age=31536000, immutable
#   everything else (index.html, config.json, unhashed files)  no-cache
# Hashed files go first and index.html last, so a visitor never gets an index.html whose
# files are not there yet.
# usage: deploy/cdn/s3-upload.sh DIST_DIR BUCKET      (AWS=... overrides the aws command)
set -eu
dist=${1:?usage: s3-upload.sh DIST_DIR BUCKET}
bucket=${2:?usage: s3-upload.sh DIST_DIR BUCKET}
aws=${AWS:-aws}

cache_control() {
  if [ "$1" = redirect.html ]; then
    echo 'no-store'
  elif printf '%s\n' "$1" | grep -Eq -- '-[0-9a-f]{12,16}[._]'; then
    echo 'public, max-age=31536000, immutable'
  else
    echo 'no-cache'
  fi
}

upload() {
  name=$1
  case "$name" in
    *.wasm) type=application/wasm ;;
    *.js) type=text/javascript ;;
    *.css) type=text/css ;;
    *.html) type='text/html; charset=utf-8' ;;
    *.json) type=application/json ;;
    *) type=application/octet-stream ;;
  esac
  "$aws" s3 cp "$dist/$name" "s3://$bucket/$name" \
    --cache-control "$(cache_control "$name")" --content-type "$type"
}

for pass in hashed other index; do
  for path in "$dist"/*; do
    [ -f "$path" ] || continue
    name=$(basename "$path")
    case "$name" in _headers | _redirects | staticwebapp.config.json) continue ;; esac
    if [ "$name" = index.html ]; then kind=index
    elif [ "$(cache_control "$name")" = 'no-cache' ] || [ "$name" = redirect.html ]; then kind=other
    else kind=hashed; fi
    if [ "$kind" = "$pass" ]; then upload "$name"; fi
  done
done
