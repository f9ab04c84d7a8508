#!/bin/sh
# GTKWave Transaction Filter Process for I3C: runs the i3c_gtkw_filter built from
# models/i3c/tools. XPO_BUILD selects the build directory (default: build at the repo root).
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin="${XPO_BUILD:-$root/build}/models/i3c/i3c_gtkw_filter"
if [ ! -x "$bin" ]; then
  echo "\$name I3C"
  echo "#0 ?red?i3c_gtkw_filter not built: run make build (or set XPO_BUILD)"
  echo "\$finish"
  exit 1
fi
exec "$bin"
