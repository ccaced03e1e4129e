import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses an SVG with Foundation's XMLParser and collects what tests look at.
final class SVGInspection: NSObject, XMLParserDelegate {
    private(set) var elementCounts: [String: Int] = [:]
    private(set) var texts: [String] = []
    private(set) var seriesPaths: [[String: String]] = []
    private(set) var rootAttributes: [String: String] = [:]
    private var currentText: String?
    private(set) var error: Error?

    /// nil when the document is not well-formed XML.
    static func parse(_ svg: String) -> SVGInspection? {
        let inspection = SVGInspection()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = inspection
        guard parser.parse() else { return nil }
        return inspection
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes: [String: String] = [:]) {
        elementCounts[elementName, default: 0] += 1
        if elementName == "svg" { rootAttributes = attributes }
        if elementName == "path" { seriesPaths.append(attributes) }
        if elementName == "text" { currentText = "" }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        currentText? += string
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        if elementName == "text", let text = currentText {
            texts.append(text)
            currentText = nil
        }
    }
}
