/// A misuse of a tensor operation: shapes that do not fit, an axis out of range, an index
/// past the end. Operators cannot throw, so the operation ends the running cell with this
/// error (through the notebook host, which keeps the worker and its state alive); in a plain
/// program it stops the program with the message, as a failed precondition would.
public struct TensorError: Error, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Checks a condition that the caller's arguments must satisfy.
@inline(__always)
func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
             file: StaticString = #fileID, line: UInt = #line) {
    if !condition() { tensorFailure(message()) }
}

@inline(never)
func tensorFailure(_ message: String) -> Never {
    _swiftnbFailCell(TensorError(message))
}
