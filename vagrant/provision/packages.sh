#!/usr/bin/env bash
# Installs the Debian packages the other steps need: a JDK 17, git, curl. No arguments.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y openjdk-17-jdk-headless git curl ca-certificates
