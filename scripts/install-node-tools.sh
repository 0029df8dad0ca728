#!/usr/bin/env bash
# Installs the npm tools that export tests use to check our files (project-local, no global install).
set -euo pipefail
cd "$(dirname "$0")/.."
npm install --no-audit --no-fund --prefix tools/node fbx2gltf@0.9.7 gltf-validator
chmod +x tools/node/node_modules/fbx2gltf/bin/*/FBX2glTF* 2>/dev/null || true
