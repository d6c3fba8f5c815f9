#!/bin/sh
# build.sh MAKE-ARGS...: runs this directory's Makefile, as the Maven build does, and says what
# to install when the tools are missing (the Makefile itself checks gcc and the OpenSSL headers).
here=$(dirname "$0")
if ! command -v make >/dev/null 2>&1; then
  echo "ukeygm: 'make' is missing; the GM soft token needs: apt-get install gcc make libssl-dev" >&2
  exit 1
fi
exec make --no-print-directory -C "$here" "$@"
