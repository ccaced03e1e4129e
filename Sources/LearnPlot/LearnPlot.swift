// LearnPlot: rich output for notebook cells — plots, image grids, tables, Markdown and
// progress bars. Everything here adopts `DisplayRepresentable`, so a cell that ends in a
// figure, grid or table shows it.
//
//   Figure / Plot        line, scatter, bar, barh, heatmap; linear and log axes; SVG or PNG
//   ImageGrid            raw pixels (bytes HWC or floats CHW) with captions, as PNG
//   Table, Markdown      text/html + text/plain, text/markdown
//   ProgressBar, progress(_:)  a bar that updates in place, rate-limited
//
// Rendering: SVG is written directly; PNG comes from a small anti-aliasing rasteriser
// (RasterCanvas) with text from FreeType (DejaVu Sans; `SWIFTNB_FONT` picks another file; a
// built-in bitmap font when none is found) and compression by libpng. The C libraries are
// imported implementation-only, so cells that import the library need no module maps.
import NotebookDisplay
