# shellcheck shell=bash
# Shell logic shared by ./adamesh and ./run-tests: finding a JDK 25+, installing Debian packages.
# Source it; it defines functions only.

ADAMESH_MIN_JAVA=25

adamesh_say() { echo "adamesh: $*" >&2; }

# Prints the feature version (25, 26, ...) of the JDK in directory $1, or fails.
adamesh_jdk_feature() {
  local dir="$1" version=""
  [ -x "$dir/bin/java" ] && [ -x "$dir/bin/javac" ] || return 1
  if [ -f "$dir/release" ]; then
    version="$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$dir/release")"
  fi
  if [ -z "$version" ]; then
    version="$("$dir/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)"
  fi
  version="${version#1.}"
  version="${version%%[.+-]*}"
  [[ "$version" =~ ^[0-9]+$ ]] || return 1
  echo "$version"
}

# Prints the home of a JDK 25+: JAVA_HOME if new enough, else Temurin 25, else the newest 25+ JDK
# under /usr/lib/jvm.
adamesh_find_jdk() {
  local candidate feature
  local -a candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for candidate in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*25*; do
    [ -d "$candidate" ] && candidates+=("$candidate")
  done
  while IFS= read -r candidate; do
    [ -n "$candidate" ] && candidates+=("$candidate")
  done < <(ls -d /usr/lib/jvm/*/ 2>/dev/null | sed 's:/$::' | sort -rV)
  for candidate in "${candidates[@]}"; do
    feature="$(adamesh_jdk_feature "$candidate")" || continue
    if [ "$feature" -ge "$ADAMESH_MIN_JAVA" ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

# Exports JAVA_HOME (and PATH) for a JDK 25+, or explains how to get one and exits 1.
adamesh_use_jdk() {
  local home
  if ! home="$(adamesh_find_jdk)"; then
    cat >&2 <<MSG
adamesh: AdaMesh Studio needs a JDK ${ADAMESH_MIN_JAVA} or newer; none was found in JAVA_HOME or /usr/lib/jvm.
Install Eclipse Temurin ${ADAMESH_MIN_JAVA} (Debian/Ubuntu, from the Adoptium apt repository):
  sudo apt-get install -y wget gpg
  wget -qO- https://packages.adoptium.net/artifactory/api/gpg/key/public | gpg --dearmor | sudo tee /usr/share/keyrings/adoptium.gpg >/dev/null
  echo "deb [signed-by=/usr/share/keyrings/adoptium.gpg] https://packages.adoptium.net/artifactory/deb \$(. /etc/os-release && echo \$VERSION_CODENAME) main" | sudo tee /etc/apt/sources.list.d/adoptium.list
  sudo apt-get update && sudo apt-get install -y temurin-${ADAMESH_MIN_JAVA}-jdk
or download it from https://adoptium.net and set JAVA_HOME to where you unpacked it.
MSG
    exit 1
  fi
  export JAVA_HOME="$home"
  export PATH="$JAVA_HOME/bin:$PATH"
}

# Prints the package entries of the given lists (one per line; '#' comments; "a|b" = either).
adamesh_package_entries() {
  sed -e 's/#.*//' -e 's/[[:space:]]//g' "$@" | grep -v '^$' | sort -u
}

adamesh_package_installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}

# Prints the packages to install: for each entry none of whose alternatives is installed, the first.
adamesh_missing_packages() {
  local entry alternative found
  local -a alternatives
  while IFS= read -r entry; do
    found=no
    IFS='|' read -ra alternatives <<<"$entry"
    for alternative in "${alternatives[@]}"; do
      if adamesh_package_installed "$alternative"; then found=yes; break; fi
    done
    [ "$found" = yes ] || echo "${alternatives[0]}"
  done < <(adamesh_package_entries "$@")
}

# Installs the missing packages of the given lists with apt-get (as root, or through sudo).
# Does nothing when all are installed or the system is not Debian-like. Fails, after printing the
# command to run, when it cannot install.
adamesh_install_packages() {
  local -a missing sudo_cmd=()
  if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
    adamesh_say "not a Debian system; make sure these (or your distribution's equivalents) are installed: $(adamesh_package_entries "$@" | tr '\n' ' ')"
    return 0
  fi
  mapfile -t missing < <(adamesh_missing_packages "$@")
  [ "${#missing[@]}" -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then
      sudo_cmd=(sudo)
    else
      adamesh_say "missing packages: ${missing[*]}"
      adamesh_say "install them as root with: apt-get install -y ${missing[*]}"
      return 1
    fi
  fi
  adamesh_say "installing ${missing[*]}"
  local -a install=("${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}")
  # Refresh the package index only when there is none, or when installing from it failed.
  if compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null && "${install[@]}"; then
    return 0
  fi
  "${sudo_cmd[@]}" apt-get update -q && "${install[@]}" && return 0
  adamesh_say "could not install: ${missing[*]} (try: sudo apt-get install ${missing[*]})"
  return 1
}
