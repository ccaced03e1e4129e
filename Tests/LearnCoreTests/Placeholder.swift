import XCTest

final class LearnCorePlaceholder: XCTestCase {}
