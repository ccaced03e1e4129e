import XCTest

final class LearnPlaceholder: XCTestCase {}
