import XCTest

final class LearnPlotPlaceholder: XCTestCase {}
