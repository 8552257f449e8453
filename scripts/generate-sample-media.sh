#!/usr/bin/env bash
# Generates the sample tutorial seeded into the embedded S3 store (src/main/resources/samples/).
# Needs ffmpeg (Debian: apt-get install ffmpeg). The output is committed, so neither the build
# nor the tests need ffmpeg; run this only to change the sample.
set -euo pipefail
out="$(cd "$(dirname "$0")/.." && pwd)/src/main/resources/samples/welcome"
mkdir -p "$out"
# 6 s test pattern with a running timestamp and a 440 Hz tone, small enough to commit.
ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i "testsrc2=size=320x180:rate=25:duration=6" \
  -f lavfi -i "sine=frequency=440:duration=6" \
  -c:v libx264 -profile:v baseline -pix_fmt yuv420p -b:v 150k -g 50 \
  -c:a aac -b:a 48k -movflags +faststart -shortest \
  "$out/welcome.mp4"
ls -l "$out"
