// Broadcasting arithmetic: shapes align from the right, and an axis of size 1 (or a missing
// one) stretches to match, as in NumPy and PyTorch. The gradient of a broadcast input is the
// output gradient summed back over the stretched axes (`sumTo`).

func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int] {
    let r = max(a.count, b.count)
    let pa = [Int](repeating: 1, count: r - a.count) + a
    let pb = [Int](repeating: 1, count: r - b.count) + b
    return (0..<r).map { i in
        require(pa[i] == pb[i] || pa[i] == 1 || pb[i] == 1, "shapes \(a) and \(b) do not broadcast")
        return max(pa[i], pb[i])
    }
}

/// Strides of `shape` seen from `outShape` (0 where the axis is broadcast).
func broadcastStrides(_ shape: [Int], to outShape: [Int]) -> [Int] {
    let r = outShape.count
    let padded = [Int](repeating: 1, count: r - shape.count) + shape
    var strides = [Int](repeating: 0, count: r)
    var s = 1
    for i in stride(from: r - 1, through: 0, by: -1) {
        strides[i] = padded[i] == 1 ? 0 : s
        s *= padded[i]
    }
    return strides
}

/// out[i] = op(a[ia], b[ib]) over the broadcast shape.
@inline(__always)
func broadcastApply(_ a: [Float], _ aShape: [Int], _ b: [Float], _ bShape: [Int],
                    _ op: (Float, Float) -> Float) -> ([Int], [Float]) {
    if aShape == bShape {
        let n = a.count
        let out = [Float](unsafeUninitializedCapacity: n) { buf, k in
            a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in
                let (ab, bb, ob) = (pa.baseAddress!, pb.baseAddress!, buf.baseAddress!)
                parallelFor(n, costPerItem: 2) { r in for i in r { ob[i] = op(ab[i], bb[i]) } }
            } }
            k = n
        }
        return (aShape, out)
    }
    let outShape = broadcastShape(aShape, bShape)
    let n = outShape.product
    if b.count == 1 {
        let s = b[0]
        return (outShape, [Float](unsafeUninitializedCapacity: n) { buf, k in
            a.withUnsafeBufferPointer { pa in for i in 0..<n { buf[i] = op(pa[i], s) } }
            k = n
        })
    }
    if a.count == 1 {
        let s = a[0]
        return (outShape, [Float](unsafeUninitializedCapacity: n) { buf, k in
            b.withUnsafeBufferPointer { pb in for i in 0..<n { buf[i] = op(s, pb[i]) } }
            k = n
        })
    }
    let r = outShape.count
    let sa = broadcastStrides(aShape, to: outShape), sb = broadcastStrides(bShape, to: outShape)
    let inner = r > 0 ? outShape[r - 1] : 1
    let ia = r > 0 ? sa[r - 1] : 0, ib = r > 0 ? sb[r - 1] : 0
    let out = [Float](unsafeUninitializedCapacity: n) { buf, k in
        a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in
            var index = [Int](repeating: 0, count: max(r - 1, 0))
            var offA = 0, offB = 0, o = 0
            while o < n {
                for j in 0..<inner { buf[o + j] = op(pa[offA + j * ia], pb[offB + j * ib]) }
                o += inner
                // Advance the multi-index over the outer axes.
                var axis = r - 2
                while axis >= 0 {
                    index[axis] += 1
                    offA += sa[axis]; offB += sb[axis]
                    if index[axis] < outShape[axis] { break }
                    offA -= sa[axis] * outShape[axis]; offB -= sb[axis] * outShape[axis]
                    index[axis] = 0
                    axis -= 1
                }
            }
        } }
        k = n
    }
    return (outShape, out)
}

/// Sums `g` (of shape `from`) over the axes that broadcasting stretched, giving shape `to`.
func sumTo(_ g: [Float], from: [Int], to: [Int]) -> [Float] {
    if from == to { return g }
    let n = to.product
    if n == 1 { return [g.reduce(0, +)] }
    var out = [Float](repeating: 0, count: n)
    let r = from.count
    let st = broadcastStrides(to, to: from)
    let inner = from[r - 1], it = st[r - 1]
    out.withUnsafeMutableBufferPointer { po in g.withUnsafeBufferPointer { pg in
        var index = [Int](repeating: 0, count: max(r - 1, 0))
        var off = 0, o = 0
        while o < g.count {
            for j in 0..<inner { po[off + j * it] += pg[o + j] }
            o += inner
            var axis = r - 2
            while axis >= 0 {
                index[axis] += 1
                off += st[axis]
                if index[axis] < from[axis] { break }
                off -= st[axis] * from[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    } }
    return out
}

extension Tensor {
    /// Broadcasting binary primitive with partial derivatives ∂/∂a and ∂/∂b given (a, b).
    @inline(__always)
    func zipWith(_ other: Tensor, _ op: (Float, Float) -> Float,
                 da: @escaping (Float, Float) -> Float, db: @escaping (Float, Float) -> Float) -> Tensor {
        let (outShape, out) = broadcastApply(data, shape, other.data, other.shape, op)
        let a = self, b = other
        return Tensor.result(shape: outShape, data: out, inputs: [a, b]) { g in
            // Bring a and b to the output shape, then apply the chain rule element-wise.
            if a.requiresGrad {
                let (_, ga) = broadcastApply(a.data, a.shape, b.data, b.shape, da)
                let full = ga.count == g.count ? zip(g, ga).map { $0 * $1 }
                    : broadcastApply(g, outShape, ga, outShape, { $0 * $1 }).1
                a.accumulateGrad(sumTo(full, from: outShape, to: a.shape))
            }
            if b.requiresGrad {
                let (_, gb) = broadcastApply(a.data, a.shape, b.data, b.shape, db)
                b.accumulateGrad(sumTo(zip(g, gb).map { $0 * $1 }, from: outShape, to: b.shape))
            }
        }
    }

    /// a + b, with the simpler gradient rule (no element-wise derivative needed).
    func addPrimitive(_ other: Tensor, sign: Float) -> Tensor {
        let (outShape, out) = sign > 0 ? broadcastApply(data, shape, other.data, other.shape, +)
                                       : broadcastApply(data, shape, other.data, other.shape, -)
        let a = self, b = other
        return Tensor.result(shape: outShape, data: out, inputs: [a, b]) { g in
            if a.requiresGrad { a.accumulateGrad(sumTo(g, from: outShape, to: a.shape)) }
            if b.requiresGrad {
                let gb = sumTo(g, from: outShape, to: b.shape)
                b.accumulateGrad(sign > 0 ? gb : gb.map { -$0 })
            }
        }
    }

    public static func + (a: Tensor, b: Tensor) -> Tensor { a.addPrimitive(b, sign: 1) }
    public static func - (a: Tensor, b: Tensor) -> Tensor { a.addPrimitive(b, sign: -1) }
    public static func * (a: Tensor, b: Tensor) -> Tensor {
        a.zipWith(b, *, da: { _, y in y }, db: { x, _ in x })
    }
    public static func / (a: Tensor, b: Tensor) -> Tensor {
        a.zipWith(b, /, da: { _, y in 1 / y }, db: { x, y in -x / (y * y) })
    }
    /// Element-wise maximum; the gradient goes to the larger input (to `a` on ties).
    public func maximum(_ b: Tensor) -> Tensor {
        zipWith(b, { Swift.max($0, $1) }, da: { x, y in x >= y ? 1 : 0 }, db: { x, y in x >= y ? 0 : 1 })
    }
    public func minimum(_ b: Tensor) -> Tensor {
        zipWith(b, { Swift.min($0, $1) }, da: { x, y in x <= y ? 1 : 0 }, db: { x, y in x <= y ? 0 : 1 })
    }

    public static func + (a: Tensor, s: Float) -> Tensor { a.shifted(by: s) }
    public static func + (s: Float, a: Tensor) -> Tensor { a.shifted(by: s) }
    public static func - (a: Tensor, s: Float) -> Tensor { a.shifted(by: -s) }
    public static func - (s: Float, a: Tensor) -> Tensor { a.scaled(by: -1).shifted(by: s) }
    public static func * (a: Tensor, s: Float) -> Tensor { a.scaled(by: s) }
    public static func * (s: Float, a: Tensor) -> Tensor { a.scaled(by: s) }
    public static func / (a: Tensor, s: Float) -> Tensor { a.scaled(by: 1 / s) }
    public static func / (s: Float, a: Tensor) -> Tensor { Tensor(s) / a }
    public static prefix func - (a: Tensor) -> Tensor { a.scaled(by: -1) }

    // Comparisons give 0/1 floats and no gradient.
    func compare(_ other: Tensor, _ op: (Float, Float) -> Bool) -> Tensor {
        let (s, d) = broadcastApply(data, shape, other.data, other.shape) { op($0, $1) ? 1 : 0 }
        return Tensor(shape: s, data: d)
    }
    public static func .> (a: Tensor, b: Tensor) -> Tensor { a.compare(b, >) }
    public static func .< (a: Tensor, b: Tensor) -> Tensor { a.compare(b, <) }
    public static func .>= (a: Tensor, b: Tensor) -> Tensor { a.compare(b, >=) }
    public static func .<= (a: Tensor, b: Tensor) -> Tensor { a.compare(b, <=) }
    public static func .== (a: Tensor, b: Tensor) -> Tensor { a.compare(b, ==) }
    public static func .!= (a: Tensor, b: Tensor) -> Tensor { a.compare(b, !=) }
    public static func .> (a: Tensor, s: Float) -> Tensor { a.compare(Tensor(s), >) }
    public static func .< (a: Tensor, s: Float) -> Tensor { a.compare(Tensor(s), <) }
    public static func .>= (a: Tensor, s: Float) -> Tensor { a.compare(Tensor(s), >=) }
    public static func .<= (a: Tensor, s: Float) -> Tensor { a.compare(Tensor(s), <=) }
    public static func .== (a: Tensor, s: Float) -> Tensor { a.compare(Tensor(s), ==) }
    public static func .!= (a: Tensor, s: Float) -> Tensor { a.compare(Tensor(s), !=) }

    public static func += (a: inout Tensor, b: Tensor) { a = a + b }
    public static func -= (a: inout Tensor, b: Tensor) { a = a - b }
    public static func *= (a: inout Tensor, b: Tensor) { a = a * b }
    public static func /= (a: inout Tensor, b: Tensor) { a = a / b }
}
