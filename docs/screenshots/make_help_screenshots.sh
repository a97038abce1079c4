#!/usr/bin/env bash
# Re-take the manual's screenshots (ui/help/images) at 1280×720, offscreen, in both languages.
set -euo pipefail
cd "$(dirname "$0")/../../ui/help/images"
export QT_QPA_PLATFORM=offscreen
for page in quotes workloads rules plan analysis export; do
  yunce gui --sample --solve --page "$page" --size 1280x720 --screenshot "$page.png"
  yunce gui --sample --solve --page "$page" --size 1280x720 --lang en --screenshot "$page-en.png"
done
