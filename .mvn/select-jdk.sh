# Sourced by ./mvnw before it starts Maven (POSIX sh). hookgate needs Maven itself to run on a JDK 21 or newer:
# Quarkus' build steps load the application's classes (compiled for 21) inside Maven's own JVM, so a toolchain that
# only switches javac and the test JVMs is not enough (on Java 17, ConfigGenerationBuildStep fails with
# UnsupportedClassVersionError). When JAVA_HOME, or else the java on the PATH, is older, this picks the newest
# JDK 21+ from the usual install places; when there is none, it stops at once and says what to install.
hookgate_java_major() {
  "$1" -version 2>&1 | sed -n 's/.* version "\([0-9][0-9]*\).*/\1/p' | head -n 1
}
hookgate_current=""
if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  hookgate_current="$JAVA_HOME/bin/java"
elif command -v java >/dev/null 2>&1; then
  hookgate_current=$(command -v java)
fi
hookgate_major=""
[ -z "$hookgate_current" ] || hookgate_major=$(hookgate_java_major "$hookgate_current")
if [ -z "$hookgate_major" ] || [ "$hookgate_major" -lt 21 ]; then
  hookgate_found=""
  hookgate_found_major=0
  set +f
  # MVNW_JDK_SEARCH (glob patterns) replaces the usual places; .ci/run uses it to check the "none found" answer.
  for hookgate_jdk in ${MVNW_JDK_SEARCH:-/usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* ${HOME-}/.sdkman/candidates/java/* \
    ${HOME-}/.jdks/* ${HOME-}/.asdf/installs/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home}; do
    [ -x "$hookgate_jdk/bin/java" ] && [ -x "$hookgate_jdk/bin/javac" ] || continue
    hookgate_m=$(hookgate_java_major "$hookgate_jdk/bin/java")
    if [ -n "$hookgate_m" ] && [ "$hookgate_m" -ge 21 ] && [ "$hookgate_m" -gt "$hookgate_found_major" ]; then
      hookgate_found=$hookgate_jdk
      hookgate_found_major=$hookgate_m
    fi
  done
  set -f
  if [ -z "$hookgate_found" ]; then
    echo "hookgate builds with a JDK 21 or newer, and found ${hookgate_current:-no java}${hookgate_major:+ (Java $hookgate_major)}." >&2
    echo "Install one, e.g. 'apt-get install openjdk-21-jdk-headless' (Debian/Ubuntu), 'dnf install java-21-openjdk-devel'" >&2
    echo "(Fedora/RHEL), 'brew install openjdk@21' or 'sdk install java 21-tem', or point JAVA_HOME at one." >&2
    exit 1
  fi
  echo "[mvnw] ${hookgate_current:-java} is Java ${hookgate_major:-?}; hookgate needs 21+: using $hookgate_found (Java $hookgate_found_major)" >&2
  JAVA_HOME=$hookgate_found
  export JAVA_HOME
fi
