import XCTest

final class CellEnginePlaceholder: XCTestCase {}
