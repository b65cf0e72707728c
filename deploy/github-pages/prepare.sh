#!/bin/sh
# Turns dist/ into a GitHub Pages site (docs/deploy.md, "GitHub Pages"):
#   - the Content-Security-Policy as a <meta http-equiv> element, and the referrer policy as
#     <meta name="referrer">, first in <head> of index.html and redirect.html (GitHub Pages
#     cannot send response headers);
#   - 404.html, a copy of index.html: GitHub Pages answers unknown paths such as
#     /servicePrincipals/{id} with it (status 404), and the app routes on the client;
#   - .nojekyll, so the files are published as they are.
# Generated for the GLOBAL cloud: for another cloud change connect-src below.
# A meta policy cannot carry frame-ancestors (browsers ignore it there): on GitHub Pages the app
# can be framed by other sites, and it gets no Cross-Origin-Opener-Policy either.
# usage: deploy/github-pages/prepare.sh DIST_DIR OUT_DIR
set -eu
dist=${1:?usage: prepare.sh DIST_DIR OUT_DIR}
out=${2:?usage: prepare.sh DIST_DIR OUT_DIR}

csp="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self' https://graph.microsoft.com https://login.microsoftonline.com; img-src 'self' data:; object-src 'none'; base-uri 'none'"

mkdir -p "$out"
cp -R "$dist"/. "$out"/
for page in index.html redirect.html; do
  [ -f "$out/$page" ] || continue
  awk -v csp="$csp" '
    { print }
    !done && /<head[ >]/ {
      print "    <meta http-equiv=\"Content-Security-Policy\" content=\"" csp "\" />"
      print "    <meta name=\"referrer\" content=\"no-referrer\" />"
      done = 1
    }
  ' "$dist/$page" > "$out/$page"
  grep -q 'http-equiv="Content-Security-Policy"' "$out/$page" ||
    { echo "prepare.sh: no <head> in $page" >&2; exit 1; }
done
cp "$out/index.html" "$out/404.html"
touch "$out/.nojekyll"
rm -f "$out/_headers" "$out/_redirects" "$out/staticwebapp.config.json"
echo "prepare.sh: $out is ready for GitHub Pages"
