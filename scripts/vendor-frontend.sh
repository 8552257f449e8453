#!/usr/bin/env bash
# Copies the browser libraries pinned in frontend/package.json (exact versions; package-lock.json
# holds each tarball's sha512 integrity, checked by npm ci) into the jar's static files, under
# versioned paths that are cached for a year (/vendor/<name>@<version>/...), with gzip and brotli
# copies beside them, and writes static/vendor/manifest.json (path and SRI integrity of each).
# The accessibility checker (axe-core) goes to the tests' resources only.
# Upgrade: change the version in frontend/package.json, run this script, commit what changed.
#   scripts/vendor-frontend.sh        (needs Node.js and npm, and the npm registry)
set -euo pipefail
cd "$(dirname "$0")/.."
(cd frontend && npm install --package-lock-only --ignore-scripts --no-audit --no-fund >/dev/null &&
  npm ci --ignore-scripts --no-audit --no-fund >/dev/null)
static=src/main/resources/static/vendor
rm -rf "$static" src/test/resources/vendor
mkdir -p "$static" src/test/resources/vendor
node - "$static" <<'JS'
const fs = require('fs'), path = require('path'), zlib = require('zlib'), crypto = require('crypto');
const out = process.argv[2];
// name -> the one file the service serves from the package
const files = { 'hls.js': 'dist/hls.light.min.js', 'echarts': 'dist/echarts.min.js' };
const manifest = {};
for (const [name, file] of Object.entries(files)) {
  const dir = path.join('frontend/node_modules', name);
  const version = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'))).version;
  const target = path.join(out, `${name}@${version}`);
  fs.mkdirSync(target, { recursive: true });
  const body = fs.readFileSync(path.join(dir, file));
  const base = path.basename(file);
  fs.writeFileSync(path.join(target, base), body);
  fs.writeFileSync(path.join(target, base + '.gz'), zlib.gzipSync(body, { level: 9 }));
  fs.writeFileSync(path.join(target, base + '.br'),
    zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
  fs.copyFileSync(path.join(dir, 'LICENSE'), path.join(target, 'LICENSE'));
  manifest[name] = { version, path: `/vendor/${name}@${version}/${base}`,
    integrity: 'sha384-' + crypto.createHash('sha384').update(body).digest('base64') };
}
fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
JS
cp frontend/node_modules/axe-core/axe.min.js frontend/node_modules/axe-core/LICENSE src/test/resources/vendor/
# The dashboard's page names the ECharts file: keep it on the pinned version.
tag=$(node -p "const e = require('./$static/manifest.json').echarts; '<script src=\"' + e.path + '\" integrity=\"' + e.integrity + '\" defer></script>'")
sed -i -E "s#^( *)<script src=\"[^\"]*/echarts.min.js\".*#\\1${tag}#" src/main/resources/static/dashboard/index.html
cat "$static/manifest.json"
