import XCTest

final class JupyterProtocolPlaceholder: XCTestCase {}
