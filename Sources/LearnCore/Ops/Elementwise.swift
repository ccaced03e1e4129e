import Foundation

// Element-wise primitives. Each is a forward map and its derivative side by side: the
// gradient table of this library, in the tinygrad manner. Composite operations (softmax,
// losses, mean, …) are built from these and get their gradients for free.

extension Tensor {
    /// y = f(x) element-wise; the backward pass multiplies the incoming gradient by
    /// `derivative(x, y)`.
    @inline(__always)
    func map(_ f: (Float) -> Float, derivative: @escaping (Float, Float) -> Float) -> Tensor {
        let n = count
        let y = [Float](unsafeUninitializedCapacity: n) { buf, initialized in
            data.withUnsafeBufferPointer { x in
                let (xb, yb) = (x.baseAddress!, buf.baseAddress!)
                parallelFor(n, costPerItem: 4) { r in for i in r { yb[i] = f(xb[i]) } }
            }
            initialized = n
        }
        let x = self
        return Tensor.result(shape: shape, data: y, inputs: [self]) { g in
            let dx = [Float](unsafeUninitializedCapacity: n) { buf, initialized in
                x.data.withUnsafeBufferPointer { xs in
                    y.withUnsafeBufferPointer { ys in
                        g.withUnsafeBufferPointer { gs in
                            let (xb, yb, gb, db) = (xs.baseAddress!, ys.baseAddress!, gs.baseAddress!, buf.baseAddress!)
                            parallelFor(n, costPerItem: 4) { r in for i in r { db[i] = gb[i] * derivative(xb[i], yb[i]) } }
                        }
                    }
                }
                initialized = n
            }
            x.accumulateGrad(dx)
        }
    }

    //                                   forward                      d/dx given (x, y)
    public func exp() -> Tensor      { map({ Foundation.exp($0) },   derivative: { _, y in y }) }
    public func log() -> Tensor      { map({ Foundation.log($0) },   derivative: { x, _ in 1 / x }) }
    public func sqrt() -> Tensor     { map({ $0.squareRoot() },      derivative: { _, y in 0.5 / y }) }
    public func abs() -> Tensor      { map({ Swift.abs($0) },        derivative: { x, _ in x > 0 ? 1 : (x < 0 ? -1 : 0) }) }
    public func sin() -> Tensor      { map({ Foundation.sin($0) },   derivative: { x, _ in Foundation.cos(x) }) }
    public func cos() -> Tensor      { map({ Foundation.cos($0) },   derivative: { x, _ in -Foundation.sin(x) }) }
    public func relu() -> Tensor     { map({ $0 > 0 ? $0 : 0 },      derivative: { x, _ in x > 0 ? 1 : 0 }) }
    public func sigmoid() -> Tensor  { map({ 1 / (1 + Foundation.exp(-$0)) }, derivative: { _, y in y * (1 - y) }) }
    public func tanh() -> Tensor     { map({ Foundation.tanh($0) },  derivative: { _, y in 1 - y * y }) }
    /// log(1 + eˣ), computed without overflow; its derivative is the sigmoid.
    public func softplus() -> Tensor {
        map({ $0 > 0 ? $0 + Foundation.log1p(Foundation.exp(-$0)) : Foundation.log1p(Foundation.exp($0)) },
            derivative: { x, _ in 1 / (1 + Foundation.exp(-x)) })
    }
    public func square() -> Tensor   { map({ $0 * $0 },              derivative: { x, _ in 2 * x }) }
    public func pow(_ p: Float) -> Tensor {
        map({ Foundation.pow($0, p) }, derivative: { x, _ in p * Foundation.pow(x, p - 1) })
    }
    public func leakyRelu(_ slope: Float = 0.01) -> Tensor {
        map({ $0 > 0 ? $0 : slope * $0 }, derivative: { x, _ in x > 0 ? 1 : slope })
    }
    /// Limits values to `min...max` (either bound optional); the gradient passes inside the range.
    public func clamp(min lo: Float = -.infinity, max hi: Float = .infinity) -> Tensor {
        map({ Swift.min(Swift.max($0, lo), hi) }, derivative: { x, _ in (x >= lo && x <= hi) ? 1 : 0 })
    }
    /// Multiplies by a constant.
    public func scaled(by s: Float) -> Tensor { map({ $0 * s }, derivative: { _, _ in s }) }
    /// Adds a constant.
    public func shifted(by s: Float) -> Tensor { map({ $0 + s }, derivative: { _, _ in 1 }) }
}

public func exp(_ x: Tensor) -> Tensor { x.exp() }
public func log(_ x: Tensor) -> Tensor { x.log() }
public func sqrt(_ x: Tensor) -> Tensor { x.sqrt() }
public func abs(_ x: Tensor) -> Tensor { x.abs() }
public func relu(_ x: Tensor) -> Tensor { x.relu() }
public func sigmoid(_ x: Tensor) -> Tensor { x.sigmoid() }
public func tanh(_ x: Tensor) -> Tensor { x.tanh() }
public func pow(_ x: Tensor, _ p: Float) -> Tensor { x.pow(p) }
