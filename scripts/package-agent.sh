#!/usr/bin/env bash
# Builds the agent's Debian package: agent/target/dist/cx-agent_VERSION_amd64.deb, with jpackage and a runtime that
# jlink trims to the Java modules the agent uses. The package installs the launcher /opt/cx-agent/bin/cx-agent (no
# arguments: the desktop app), a menu entry, an autostart entry for users' sessions, and the udev rule from
# native-config/ so that headsets work without root. Needs a JDK 17 (jpackage, jlink, jdeps), dpkg-deb and fakeroot.
#
#   scripts/package-agent.sh            # builds the agent jar first
#   SKIP_BUILD=1 scripts/package-agent.sh   # packages agent/target/cx-agent.jar as it is
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${SKIP_BUILD:-0}" != "1" ]; then
  mvn -B -ntp -q -pl agent -am package -DskipTests
fi
jar=agent/target/cx-agent.jar
[ -f "$jar" ] || { echo "no $jar: build the agent first (mvn -pl agent -am package)" >&2; exit 1; }

# The version of the jar, without a -SNAPSHOT suffix, which Debian versions cannot carry as such.
version="$(java -jar "$jar" --version | sed -n 's/^cx-agent //p')"
version="${version%-SNAPSHOT}"
case "$version" in
  [0-9]*) ;;
  *) echo "$jar reports no version (got \"$version\")" >&2; exit 1 ;;
esac

work=agent/target/jpackage
dist=agent/target/dist
rm -rf "$work" "$dist"
mkdir -p "$work/input" "$work/resources" "$dist"
cp "$jar" "$work/input/"

# The runtime: the modules the agent and its libraries use (jdeps cannot read the shaded multi-release jar, so they
# are named here): Swing and javax.sound (java.desktop), the link (java.net.http), logback's XML configuration and
# JMX (java.xml, java.management, java.naming), JDBC types Jackson refers to (java.sql), JNA and Jackson's
# sun.misc use (jdk.unsupported), the TLS ciphers of https:// servers (jdk.crypto.ec), and the Chinese locale data
# of the window (jdk.localedata).
modules="java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml"
modules="$modules,jdk.charsets,jdk.crypto.ec,jdk.localedata,jdk.unsupported"
jlink --add-modules "$modules" --include-locales=en,zh --strip-debug --no-header-files --no-man-pages \
  --compress=2 --output "$work/runtime"

# The package's maintainer scripts: jpackage's own menu-entry commands (the placeholders), plus the udev rule and
# the autostart entry.
app=/opt/cx-agent/lib/app
cat > "$work/resources/postinst" <<POSTINST
#!/bin/sh
set -e
case "\$1" in
  configure)
DESKTOP_COMMANDS_INSTALL
    install -m 644 $app/native-config/linux/70-cx-pulse-headsets.rules /etc/udev/rules.d/70-cx-pulse-headsets.rules
    mkdir -p /etc/xdg/autostart
    install -m 644 $app/cx-agent-autostart.desktop /etc/xdg/autostart/cx-agent.desktop
    if command -v udevadm >/dev/null 2>&1; then
      udevadm control --reload || true
      udevadm trigger --subsystem-match=hidraw || true
    fi
    ;;
esac
exit 0
POSTINST
cat > "$work/resources/prerm" <<PRERM
#!/bin/sh
set -e
case "\$1" in
  remove|upgrade|deconfigure)
DESKTOP_COMMANDS_UNINSTALL
    rm -f /etc/udev/rules.d/70-cx-pulse-headsets.rules /etc/xdg/autostart/cx-agent.desktop
    ;;
esac
exit 0
PRERM
cat > "$work/input/cx-agent-autostart.desktop" <<'DESKTOP'
[Desktop Entry]
Type=Application
Name=CX Pulse
Comment=Post-call surveys started by the agent's headset
Exec=/opt/cx-agent/bin/cx-agent desktop
Icon=/opt/cx-agent/lib/cx-agent.png
X-GNOME-Autostart-enabled=true
NoDisplay=true
DESKTOP
mkdir -p "$work/input/native-config/linux"
cp native-config/linux/70-cx-pulse-headsets.rules native-config/linux/70-cx-pulse-headsets.hwdb \
  "$work/input/native-config/linux/"
cp agent/src/packaging/linux/cx-agent.png "$work/resources/cx-agent.png"

jpackage --type deb \
  --name cx-agent \
  --app-version "$version" \
  --vendor "CX Pulse" \
  --description "CX Pulse desktop agent: headset call control, post-call survey, link to the server" \
  --input "$work/input" \
  --main-jar cx-agent.jar \
  --main-class io.cxpulse.agent.cli.AgentMain \
  --arguments desktop \
  --java-options "-Xms8m -Xmx96m -Xmn2m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m" \
  --runtime-image "$work/runtime" \
  --resource-dir "$work/resources" \
  --icon "$work/resources/cx-agent.png" \
  --linux-shortcut \
  --linux-menu-group "Office" \
  --linux-app-category "misc" \
  --linux-package-name cx-agent \
  --dest "$work/out"

deb="$(ls "$work"/out/*.deb)"
mv "$deb" "$dist/cx-agent_${version}_amd64.deb"
echo "$dist/cx-agent_${version}_amd64.deb"
