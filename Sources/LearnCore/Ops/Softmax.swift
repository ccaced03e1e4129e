import Foundation

extension Tensor {
    /// log(softmax(x)) along `axis`, computed stably.  Viewing x as [outer, n, inner]:
    /// y = x − max − log Σ exp(x − max);  dx = g − softmax · Σₙ g.
    public func logSoftmax(axis: Int = -1) -> Tensor {
        let ax = normalizeAxis(axis, rank)
        let (outer, n, inner) = split(at: ax)
        var y = [Float](repeating: 0, count: count)
        data.withUnsafeBufferPointer { x in y.withUnsafeMutableBufferPointer { yp in
            for i in 0..<outer { for j in 0..<inner {
                let base = i * n * inner + j
                var m = -Float.infinity
                for k in 0..<n { m = Swift.max(m, x[base + k * inner]) }
                var s: Float = 0
                for k in 0..<n { s += Foundation.exp(x[base + k * inner] - m) }
                let logS = Foundation.log(s)
                for k in 0..<n { yp[base + k * inner] = (x[base + k * inner] - m) - logS }
            } }
        } }
        let x = self
        return Tensor.result(shape: shape, data: y, inputs: [self]) { g in
            var dx = [Float](repeating: 0, count: y.count)
            for i in 0..<outer { for j in 0..<inner {
                let base = i * n * inner + j
                var gs: Float = 0
                for k in 0..<n { gs += g[base + k * inner] }
                for k in 0..<n { dx[base + k * inner] = g[base + k * inner] - Foundation.exp(y[base + k * inner]) * gs }
            } }
            x.accumulateGrad(dx)
        }
    }

    /// Softmax along `axis` (composed: exp of log-softmax).
    public func softmax(axis: Int = -1) -> Tensor { logSoftmax(axis: axis).exp() }
}

public func softmax(_ x: Tensor, axis: Int = -1) -> Tensor { x.softmax(axis: axis) }
public func logSoftmax(_ x: Tensor, axis: Int = -1) -> Tensor { x.logSoftmax(axis: axis) }
