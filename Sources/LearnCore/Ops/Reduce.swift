// Reductions over one axis, viewing the tensor as [outer, n, inner].

extension Tensor {
    func split(at axis: Int) -> (outer: Int, n: Int, inner: Int) {
        (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }

    /// Sum of all elements (a scalar tensor).
    public func sum() -> Tensor { reshape([count]).sum(axis: 0) }

    /// Sum over `axis`: [outer, n, inner] → [outer, inner] (or [outer, 1, inner] with keepDim).
    public func sum(axis: Int, keepDim: Bool = false) -> Tensor {
        let ax = normalizeAxis(axis, rank)
        let (outer, n, inner) = split(at: ax)
        var out = [Float](repeating: 0, count: outer * inner)
        out.withUnsafeMutableBufferPointer { o in data.withUnsafeBufferPointer { x in
            if inner == 1 {
                // Whole rows: accumulate in Double so long sums (a mean over a dataset) stay exact.
                for i in 0..<outer {
                    var s: Double = 0
                    for k in 0..<n { s += Double(x[i * n + k]) }
                    o[i] = Float(s)
                }
                return
            }
            for i in 0..<outer { for k in 0..<n {
                let src = (i * n + k) * inner, dst = i * inner
                for j in 0..<inner { o[dst + j] += x[src + j] }
            } }
        } }
        var outShape = shape
        if keepDim { outShape[ax] = 1 } else { outShape.remove(at: ax) }
        let x = self
        return Tensor.result(shape: outShape, data: out, inputs: [self]) { g in
            // ∂sum/∂x = 1: copy each output gradient to all n inputs it summed.
            var dx = [Float](repeating: 0, count: x.count)
            dx.withUnsafeMutableBufferPointer { d in
                for i in 0..<outer { for k in 0..<n { for j in 0..<inner {
                    d[(i * n + k) * inner + j] = g[i * inner + j]
                } } }
            }
            x.accumulateGrad(dx)
        }
    }

    /// Sum over several axes.
    public func sum(axes: [Int], keepDim: Bool = false) -> Tensor {
        var t = self
        for a in axes.map({ normalizeAxis($0, rank) }).sorted(by: >) { t = t.sum(axis: a, keepDim: keepDim) }
        return t
    }

    public func mean() -> Tensor { sum() / Float(Swift.max(count, 1)) }
    public func mean(axis: Int, keepDim: Bool = false) -> Tensor {
        sum(axis: axis, keepDim: keepDim) / Float(size(axis))
    }
    public func mean(axes: [Int], keepDim: Bool = false) -> Tensor {
        sum(axes: axes, keepDim: keepDim) / Float(axes.map { size($0) }.product)
    }
    /// Variance over an axis (unbiased by default, like `torch.var`).
    public func variance(axis: Int, unbiased: Bool = true, keepDim: Bool = false) -> Tensor {
        let centered = self - mean(axis: axis, keepDim: true)
        let n = Float(size(axis))
        return centered.square().sum(axis: axis, keepDim: keepDim) / (unbiased ? n - 1 : n)
    }

    /// Index of the largest entry along `axis` for each [outer, inner] position (first on ties).
    func argmaxIndices(axis ax: Int) -> [Int] {
        let (outer, n, inner) = split(at: ax)
        var idx = [Int](repeating: 0, count: outer * inner)
        data.withUnsafeBufferPointer { x in
            for i in 0..<outer { for j in 0..<inner {
                var best = x[i * n * inner + j], bi = 0
                for k in 1..<Swift.max(n, 1) {
                    let v = x[(i * n + k) * inner + j]
                    if v > best || (v.isNaN && !best.isNaN) { best = v; bi = k }
                }
                idx[i * inner + j] = bi
            } }
        }
        return idx
    }

    /// Largest value along `axis`; the gradient flows to the position of the maximum.
    public func max(axis: Int, keepDim: Bool = false) -> Tensor {
        let ax = normalizeAxis(axis, rank)
        let (outer, n, inner) = split(at: ax)
        let idx = argmaxIndices(axis: ax)
        var out = [Float](repeating: 0, count: outer * inner)
        for i in 0..<outer { for j in 0..<inner { out[i * inner + j] = data[(i * n + idx[i * inner + j]) * inner + j] } }
        var outShape = shape
        if keepDim { outShape[ax] = 1 } else { outShape.remove(at: ax) }
        let x = self
        return Tensor.result(shape: outShape, data: out, inputs: [self]) { g in
            var dx = [Float](repeating: 0, count: x.count)
            for i in 0..<outer { for j in 0..<inner { dx[(i * n + idx[i * inner + j]) * inner + j] = g[i * inner + j] } }
            x.accumulateGrad(dx)
        }
    }
    public func min(axis: Int, keepDim: Bool = false) -> Tensor { -((-self).max(axis: axis, keepDim: keepDim)) }
    public func max() -> Tensor { reshape([count]).max(axis: 0) }
    public func min() -> Tensor { reshape([count]).min(axis: 0) }

    /// Positions of the largest entries along `axis` (like `torch.argmax(dim=)`).
    public func argmax(axis: Int = -1, keepDim: Bool = false) -> IntTensor {
        let ax = normalizeAxis(axis, rank)
        var outShape = shape
        if keepDim { outShape[ax] = 1 } else { outShape.remove(at: ax) }
        return IntTensor(shape: outShape, scalars: argmaxIndices(axis: ax))
    }
    public func argmin(axis: Int = -1, keepDim: Bool = false) -> IntTensor {
        (-self).argmax(axis: axis, keepDim: keepDim)
    }
}
