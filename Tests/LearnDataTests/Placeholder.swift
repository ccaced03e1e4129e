import XCTest

final class LearnDataPlaceholder: XCTestCase {}
