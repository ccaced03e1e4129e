// Plots (SVG and PNG), image grids, tables and progress bars.
import NotebookDisplay
