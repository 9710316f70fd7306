# Shared by bin/mercury and bin/mcli: find a JDK >= 21, build on first use, build classpaths.
# shellcheck shell=bash

MERCURY_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
MERCURY_MIN_JAVA=21

# The major version of the JDK at $1 (from its release file), or nothing.
jdk_major() {
  local release="$1/release" version
  [[ -r "$release" && -x "$1/bin/java" ]] || return 0
  version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$release")
  version=${version#1.}
  echo "${version%%[.+-]*}"
}

# Sets JAVA_HOME to a JDK >= 21: $JAVA_HOME if it is one, else the newest under $MERCURY_JVM_DIR
# (default /usr/lib/jvm). Stops with a clear message when there is none.
find_jdk() {
  local found=() best="" best_major=0 dir major
  if [[ -n "${JAVA_HOME:-}" ]]; then
    major=$(jdk_major "$JAVA_HOME")
    if [[ -n "$major" && "$major" -ge $MERCURY_MIN_JAVA ]]; then
      export JAVA_HOME
      return 0
    fi
    found+=("JAVA_HOME=$JAVA_HOME (${major:-not a JDK})")
  fi
  for dir in "${MERCURY_JVM_DIR:-/usr/lib/jvm}"/*; do
    [[ -d "$dir" && ! -L "$dir" ]] || continue
    major=$(jdk_major "$dir")
    [[ -n "$major" ]] || continue
    found+=("$dir ($major)")
    if [[ "$major" -ge $MERCURY_MIN_JAVA && "$major" -gt "$best_major" ]]; then
      best=$dir
      best_major=$major
    fi
  done
  if [[ -z "$best" ]]; then
    echo "Mercury needs a JDK $MERCURY_MIN_JAVA or newer; found: ${found[*]:-none}." >&2
    echo "Install one (e.g. Debian's openjdk-21-jdk, or Temurin) or set JAVA_HOME to it." >&2
    exit 1
  fi
  export JAVA_HOME=$best
}

# Runs Maven with the JDK found.
run_maven() {
  command -v mvn >/dev/null || { echo "Mercury builds with Maven 3.8.7 or newer; install it (Debian: maven)." >&2; exit 1; }
  local opts="${MAVEN_OPTS:-}"
  [[ $(jdk_major "$JAVA_HOME") -ge 24 ]] && opts="$opts --sun-misc-unsafe-memory-access=allow"
  (cd "$MERCURY_ROOT" && MAVEN_OPTS="$opts" mvn -B -Dstyle.color=never "$@")
}

# Debian packages some tests need (the LLDP test needs lldpd, the CURVE interop test python3-zmq).
# Installed when running as root with apt; otherwise those tests skip and say why.
ensure_test_tools() {
  export DEBIAN_FRONTEND=noninteractive
  command -v lldpd >/dev/null 2>&1 || [[ -x /usr/sbin/lldpd ]] || install_test_tool "the LLDP test" lldpd
  { command -v qemu-system-x86_64 >/dev/null 2>&1 && [[ -r /usr/lib/ipxe/ipxe.lkrn ]]; } \
    || install_test_tool "the iPXE boot test" ipxe qemu-system-x86
  # Debian's interpreter: a pyenv or venv python3 earlier on the PATH does not see python3-zmq
  /usr/bin/python3 -c 'import zmq; assert zmq.has("curve")' >/dev/null 2>&1 \
    || install_test_tool "the CURVE interop test (libzmq)" python3-zmq
  return 0
}

# Installs Debian packages for a test when this is root with apt-get; otherwise the test is skipped.
install_test_tool() {
  local what=$1
  shift
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "mercury: installing $* for $what ..." >&2
    { apt-get install -y -qq --no-install-recommends "$@" || { apt-get update -qq && apt-get install -y -qq --no-install-recommends "$@"; }; } \
      </dev/null >/dev/null 2>&1 || echo "mercury: could not install $*; $what will be skipped" >&2
  fi
}

# Builds when a module jar is missing or any source or pom is newer than the last build.
ensure_built() {
  local stamp="$MERCURY_ROOT/mercury-cli/target/.mercury-build-stamp" newer
  if [[ -f "$stamp" ]]; then
    newer=$(find "$MERCURY_ROOT" -path '*/target' -prune -o -path '*/.git' -prune -o -path "$MERCURY_ROOT/var" -prune -o \
      \( -name 'pom.xml' -o -path '*/src/main/*' \) -type f -newer "$stamp" -print -quit)
    [[ -z "$newer" ]] && return 0
  fi
  local log="$MERCURY_ROOT/build.log"
  echo "mercury: building (mvn package, JDK $(jdk_major "$JAVA_HOME")) ..." >&2
  if ! run_maven -q -DskipTests package >"$log" 2>&1; then
    grep -E '^\[ERROR\]' "$log" | head -n 20 >&2
    echo "mercury: the build failed; the whole output is in $log" >&2
    exit 1
  fi
  finish_build
}

# What follows every package build (ensure_built's and `mercury build`'s): stale jars out, picocli's
# class files upgraded and mcli's start-up archive trained, then the stamp that says the build is
# current. `mercury build` used to stamp without training, so a later `mercury up` found the build
# current and mcli started without its archive (0.5 s a call instead of 0.28 s).
finish_build() {
  local stamp="$MERCURY_ROOT/mercury-cli/target/.mercury-build-stamp"
  drop_replaced_jars
  mkdir -p "$(dirname "$stamp")"
  upgrade_old_class_files mercury-cli picocli
  build_tool_archive mercury-cli io.mercury.cli.training.McliTraining
  touch "$stamp"
}

# copy-dependencies never empties target/lib: a checkout built before mercury-nacl replaced jnacl still
# has jnacl's jar there, whose classes have mercury-nacl's names, and target/lib/* would load either;
# one built before the store modules split out still has the database jars in the agent's and mcli's.
drop_replaced_jars() {
  rm -f "$MERCURY_ROOT"/*/target/lib/jnacl-*.jar
  # the agent and mcli carried MongoDB, the embedded store and netty until mercury-store split out
  local module
  for module in mercury-agent mercury-cli; do
    rm -f "$MERCURY_ROOT/$module"/target/lib/{mongodb-driver,bson,mongo-java-server,h2-,netty-,mercury-store}*.jar
  done
}

# The start-up archive of a tool, made by build_tool_archive: on JDK 25+ an AOT cache (an AppCDS
# archive that also keeps the classes linked and their profiles).
tool_archive() {
  echo "$MERCURY_ROOT/$1/target/$1.aot"
}

# Writes the start-up archive of module $1 with one training run of main class $2 with the remaining
# arguments (mcli's, io.mercury.cli.training.McliTraining, makes the calls operators make against
# stand-in services in one JVM). Does nothing on a JDK older than 25. A training run that fails says so
# and leaves what it loaded until then in the archive; a JVM that cannot write one leaves none, and the
# tool then starts without it.
build_tool_archive() {
  local module=$1 main=$2 archive
  shift 2
  archive=$(tool_archive "$module")
  rm -f "$archive" "$archive.config"
  [[ $(jdk_major "$JAVA_HOME") -ge 25 ]] || return 0
  # shellcheck disable=SC2046
  if ! "$JAVA_HOME/bin/java" $(tool_base_flags) -XX:AOTCacheOutput="$archive" -Xlog:aot=off -Xlog:cds=off \
    -cp "$(module_classpath "$module")" "$main" "$@" >/dev/null 2>"$archive.log"; then
    grep -v '^Picked up JAVA_TOOL_OPTIONS' "$archive.log" >&2
    echo "mercury: the training run of $module's start-up archive failed (above); the archive may lack classes" >&2
  fi
  rm -f "$archive.config" "$archive.log"
}

# Rewrites module $1's copy of dependency $2 (target/lib/$2-*.jar) in place with Java 8 class files
# (mercury-cli/src/build/UpgradeClassFiles.java), since class files older than Java 6 never go in the
# start-up archive (picocli's are Java 5). Needs JDK 25 like the archive; on a failure the jar stays.
upgrade_old_class_files() {
  local jar
  [[ $(jdk_major "$JAVA_HOME") -ge 25 ]] || return 0
  for jar in "$MERCURY_ROOT/$1/target/lib/$2"-*.jar; do
    [[ -f "$jar" ]] || continue
    if "$JAVA_HOME/bin/java" "$MERCURY_ROOT/mercury-cli/src/build/UpgradeClassFiles.java" "$jar" "$jar.new" >/dev/null 2>&1; then
      mv -f "$jar.new" "$jar"
    else
      rm -f "$jar.new"
    fi
  done
}

# The runtime classpath of a module: its jar and its copied dependencies.
module_classpath() {
  local target="$MERCURY_ROOT/$1/target" jar
  jar=$(ls "$target"/"$1"-*.jar 2>/dev/null | grep -v -- '-tests.jar$' | head -n 1)
  echo "$jar:$target/lib/*"
}

# On JDK 24+, lets msgpack-core use sun.misc.Unsafe without printing a warning.
unsafe_flag() {
  [[ $(jdk_major "$JAVA_HOME") -ge 24 ]] && echo "--sun-misc-unsafe-memory-access=allow"
  return 0
}

# JVM flags for short-lived tools: fast start, quiet Unsafe warnings on JDK 24+.
tool_base_flags() {
  echo -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData "$(unsafe_flag)"
}

# tool_base_flags plus the tool's start-up archive: the one made at build time when it is there (a
# stale or unusable one is ignored by the JVM, silently), else an AppCDS archive the JVM writes on the
# first run and uses from then on.
tool_jvm_flags() {
  local name=$1 archive
  archive=$(tool_archive "$name")
  if [[ -f "$archive" && $(jdk_major "$JAVA_HOME") -ge 25 ]]; then
    echo "$(tool_base_flags)" -XX:AOTCache="$archive" -Xlog:aot=off -Xlog:cds=off
  else
    echo "$(tool_base_flags)" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off \
      -XX:SharedArchiveFile="$MERCURY_ROOT/$name/target/$name.jsa" -XX:+AutoCreateSharedArchive
  fi
}
