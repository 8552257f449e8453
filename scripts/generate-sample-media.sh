#!/usr/bin/env bash
# Generates the sample tutorial seeded into the embedded S3 store (src/main/resources/samples/welcome/):
#   welcome.mp4            progressive MP4 fallback (320x180, H.264 baseline + AAC, faststart)
#   welcome.m3u8           HLS master playlist: two renditions + an English captions group
#   hls/{low,high}/        VOD variant playlists (index.m3u8) with MPEG-TS segments (seg0.ts, ...):
#                          a 1 s first segment (half the bytes before a caller's first frame), then 2 s
#   welcome.vtt            WebVTT captions; welcome-captions.m3u8 is their one-segment HLS playlist
#   welcome.json           sidecar metadata (per-locale titles, duration)
# All show the same 6 s test pattern (running timestamp, 440 Hz tone), small enough to commit.
# Needs ffmpeg and ffprobe (Debian: apt-get install ffmpeg). The output is committed, so neither the
# build nor the tests need ffmpeg; run this only to change the sample.
set -euo pipefail
out="$(cd "$(dirname "$0")/.." && pwd)/src/main/resources/samples/welcome"
duration=6

# Remove only what this script owns, so a rerun never leaves stale segments or renditions behind.
rm -rf "$out/hls"
rm -f "$out/welcome.mp4" "$out/welcome.m3u8" "$out/welcome-captions.m3u8" "$out/welcome.vtt" "$out/welcome.json"
mkdir -p "$out"

# The inputs are synthetic (lavfi), so the MP4 and every HLS rendition carry exactly the same content.
ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i "testsrc2=size=320x180:rate=25:duration=$duration" \
  -f lavfi -i "sine=frequency=440:duration=$duration" \
  -c:v libx264 -profile:v baseline -pix_fmt yuv420p -b:v 150k -g 50 \
  -c:a aac -b:a 48k -movflags +faststart -shortest \
  "$out/welcome.mp4"

# One HLS rendition: name, size, video bitrate (kbit/s).
# A keyframe at 1 s too (force_key_frames: frames 0, 25, 75, 125) and -hls_init_time 1 make the
# first segment 1 s long: what a caller on a slow network waits for after Start (docs/benchmarks.md).
# Baseline level 3.0 pins the codec string to avc1.42c01e (42 = baseline, c0 = constraint_set0/1,
# 1e = level 3.0), which the master playlist declares. A keyframe every 50 frames (2 s at 25 fps) with
# scene-cut off makes every segment start on an IDR frame, so -hls_time 2 cuts exactly 2 s segments.
# maxrate/bufsize cap the peaks that BANDWIDTH has to advertise; x264 rate control with that cap is
# non-deterministic across threads, so one thread keeps reruns byte-identical (the encode is tiny).
rendition() {
  local name=$1 size=$2 kbps=$3 dir="$out/hls/$1"
  mkdir -p "$dir"
  # Run inside the variant folder so the playlist lists bare segment names (seg0.ts).
  (cd "$dir" && ffmpeg -hide_banner -loglevel error -y \
    -f lavfi -i "testsrc2=size=$size:rate=25:duration=$duration" \
    -f lavfi -i "sine=frequency=440:duration=$duration" \
    -c:v libx264 -profile:v baseline -level:v 3.0 -pix_fmt yuv420p \
    -b:v "${kbps}k" -maxrate "$((kbps * 6 / 5))k" -bufsize "$((kbps * 2))k" \
    -g 50 -keyint_min 50 -sc_threshold 0 -threads 1 \
    -force_key_frames 'expr:eq(n,0)+gte(n,25)*eq(mod(n-25,50),0)' \
    -c:a aac -ac 1 -b:a 32k -shortest \
    -f hls -hls_init_time 1 -hls_time 2 -hls_playlist_type vod \
    -hls_segment_filename 'seg%d.ts' index.m3u8)
}
rendition low 320x180 100
rendition high 640x360 350

# Prints "BANDWIDTH=<peak>,AVERAGE-BANDWIDTH=<avg>" (bit/s) measured from a variant's actual segment
# files, as HLS defines them (peak = highest per-segment bitrate, container overhead included).
bandwidth() {
  local dir=$1 line seconds=
  while IFS= read -r line; do
    case $line in
      '#EXTINF:'*) seconds=${line#'#EXTINF:'}; seconds=${seconds%%,*} ;;
      '#'* | '') ;;
      *) echo "$seconds $(wc -c <"$dir/$line")" ;;
    esac
  done <"$dir/index.m3u8" |
    awk '{ rate = $2 * 8 / $1; if (rate > peak) peak = rate; bytes += $2; secs += $1 }
         END { printf "BANDWIDTH=%d,AVERAGE-BANDWIDTH=%d", peak + 0.999, bytes * 8 / secs + 0.5 }'
}

# The master is written by hand because ffmpeg's own master cannot reference a subtitles group.
# Its EXT-X-INDEPENDENT-SEGMENTS covers every media playlist, so all of them stay at version 3.
# Low rendition first: players start with the first variant, and callers are often on mobile data.
cat >"$out/welcome.m3u8" <<EOF
#EXTM3U
#EXT-X-VERSION:3
#EXT-X-INDEPENDENT-SEGMENTS
#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en",DEFAULT=YES,AUTOSELECT=YES,URI="welcome-captions.m3u8"
#EXT-X-STREAM-INF:$(bandwidth "$out/hls/low"),RESOLUTION=320x180,FRAME-RATE=25.000,CODECS="avc1.42c01e,mp4a.40.2",SUBTITLES="subs"
hls/low/index.m3u8
#EXT-X-STREAM-INF:$(bandwidth "$out/hls/high"),RESOLUTION=640x360,FRAME-RATE=25.000,CODECS="avc1.42c01e,mp4a.40.2",SUBTITLES="subs"
hls/high/index.m3u8
EOF

# ffmpeg's MPEG-TS muxer starts timestamps at 1.4 s (plus a little for AAC priming), not 0. hls.js
# places WebVTT cues relative to the first segment's earliest PTS, so the captions declare that PTS
# via X-TIMESTAMP-MAP. It is read back rather than hardcoded, and both renditions must agree.
first_pts() {
  ffprobe -v error -show_entries format=start_time -of csv=p=0 "$out/hls/$1/seg0.ts" |
    awk '{ printf "%d", $1 * 90000 + 0.5 }'
}
pts=$(first_pts low)
if [[ $pts != "$(first_pts high)" ]]; then
  echo "renditions start at different PTS ($pts vs $(first_pts high)); captions would drift" >&2
  exit 1
fi

# Browsers' own WebVTT parsers ignore the X-TIMESTAMP-MAP header, so the same file also works as a
# <track> for the MP4 fallback.
cat >"$out/welcome.vtt" <<EOF
WEBVTT
X-TIMESTAMP-MAP=MPEGTS:$pts,LOCAL:00:00:00.000

00:00:00.000 --> 00:00:02.000
Welcome to your tutorial

00:00:02.000 --> 00:00:04.000
Press the WPS button

00:00:04.000 --> 00:00:06.000
All done
EOF

cat >"$out/welcome-captions.m3u8" <<EOF
#EXTM3U
#EXT-X-VERSION:3
#EXT-X-TARGETDURATION:$duration
#EXT-X-MEDIA-SEQUENCE:0
#EXT-X-PLAYLIST-TYPE:VOD
#EXTINF:$duration.0,
welcome.vtt
#EXT-X-ENDLIST
EOF

cat >"$out/welcome.json" <<EOF
{
  "title": {
    "en-US": "Welcome: set up your router",
    "fr-FR": "Bienvenue : installer votre box",
    "es-ES": "Bienvenido: configure su router"
  },
  "durationSeconds": $duration
}
EOF

find "$out" -type f | sort | xargs ls -l
du -sh "$out"
