// The library every notebook cell sees without an import: its parts, re-exported.
@_exported import NotebookDisplay
@_exported import LearnCore
@_exported import LearnData
@_exported import LearnPlot
