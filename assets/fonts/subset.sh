#!/usr/bin/env bash
# Rebuilds assets/fonts/DejaVuSans.ttf, the font every exported chart is drawn with, from the full
# DejaVu Sans 2.37 (https://dejavu-fonts.github.io, DejaVuSans.ttf of dejavu-fonts-ttf-2.37).
#
# Why a subset: the renderer embeds the font in the app and the CLI, and the full font is 760 KB
# of the app's 10 MB budget. The subset keeps every script and symbol block a chart's text can
# reasonably hold (Latin with its extensions and combining marks, IPA, Greek, Cyrillic, Armenian,
# Hebrew, Georgian, punctuation, super- and subscripts, currency, letterlike, number forms,
# arrows, mathematical operators, technical, enclosed alphanumerics, shapes, symbols, dingbats)
# and drops blocks a scenario name rarely holds and an unshaped renderer cannot draw right anyway
# (Arabic, N'Ko, Lao, braille, …).
# Hinting is dropped: ab_glyph rasterises outlines unhinted, and SVG names the family instead.
# Kerning (kern, GPOS kern) stays: the PNG text is kerned. The name table keeps every record,
# the copyright and licence among them (Bitstream Vera licence: see DejaVuSans-LICENSE.txt).
#
# Needs fontTools (pip install fonttools; 4.68.0 made the committed file).
set -euo pipefail
full="${1:?usage: subset.sh PATH/TO/full/DejaVuSans.ttf}"
out="$(cd "$(dirname "$0")" && pwd)/DejaVuSans.ttf"
pyftsubset "$full" \
  --unicodes="U+0020-007E,U+00A0-024F,U+0250-02FF,U+0300-036F,U+0370-03FF,U+0400-052F,U+0530-058F,U+0590-05FF,U+10A0-10FF,U+1E00-1EFF,U+1F00-1FFF,U+2000-206F,U+2070-209F,U+20A0-20CF,U+2100-214F,U+2150-218F,U+2190-21FF,U+2200-22FF,U+2300-23FF,U+2460-24FF,U+25A0-25FF,U+2600-26FF,U+2700-27BF,U+FFFD" \
  --layout-features='kern' --legacy-kern \
  --name-IDs='*' --name-legacy --name-languages='*' \
  --no-hinting --drop-tables+=FFTM,MATH \
  --output-file="$out"
