// The library every notebook cell sees without an import: its parts, re-exported, and
// Foundation, which notebook code reaches for constantly (math, dates, files).
@_exported import Foundation
@_exported import NotebookDisplay
@_exported import LearnCore
@_exported import LearnData
@_exported import LearnPlot
