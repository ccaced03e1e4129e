// Movement primitives: reshape, permute, slice, concatenate, gather. None does arithmetic;
// each gradient moves the incoming gradient back to where the values came from.

extension Tensor {
    /// The same elements in a new shape (one axis may be -1). Shares storage (copy-on-write).
    public func reshape(_ newShape: [Int]) -> Tensor {
        let s = resolveShape(newShape, count: count)
        let x = self
        return Tensor.result(shape: s, data: data, inputs: [self]) { g in x.accumulateGrad(g) }
    }
    /// PyTorch's name for `reshape` (every tensor here is contiguous).
    public func view(_ newShape: [Int]) -> Tensor { reshape(newShape) }
    /// Collapses axes `startAxis...` into one.
    public func flatten(startAxis: Int = 0) -> Tensor {
        let a = normalizeAxis(startAxis, rank)
        return reshape(Array(shape[..<a]) + [shape[a...].reduce(1, *)])
    }
    /// Inserts an axis of size 1.
    public func unsqueeze(_ axis: Int) -> Tensor {
        var s = shape
        s.insert(1, at: axis < 0 ? axis + rank + 1 : axis)
        return reshape(s)
    }
    /// Removes axes of size 1 (all, or the given one).
    public func squeeze(_ axis: Int? = nil) -> Tensor {
        if let axis {
            let a = normalizeAxis(axis, rank)
            guard shape[a] == 1 else { return self }
            var s = shape; s.remove(at: a)
            return reshape(s)
        }
        return reshape(shape.filter { $0 != 1 })
    }

    /// Reorders the axes: result axis i is input axis `dims[i]`.
    public func permute(_ dims: [Int]) -> Tensor {
        require(dims.count == rank && Set(dims.map { normalizeAxis($0, rank) }).count == rank,
                     "permute needs a permutation of 0..<\(rank), got \(dims)")
        let d = dims.map { normalizeAxis($0, rank) }
        let outShape = d.map { shape[$0] }
        let out = permuteData(data, shape: shape, dims: d)
        var inverse = [Int](repeating: 0, count: rank)
        for (i, a) in d.enumerated() { inverse[a] = i }
        let x = self
        return Tensor.result(shape: outShape, data: out, inputs: [self]) { g in
            x.accumulateGrad(permuteData(g, shape: outShape, dims: inverse))
        }
    }
    /// Swaps two axes.
    public func transpose(_ a: Int, _ b: Int) -> Tensor {
        var d = Array(0..<rank)
        d.swapAt(normalizeAxis(a, rank), normalizeAxis(b, rank))
        return permute(d)
    }
    /// The transpose of a matrix.
    public var T: Tensor { transpose(0, 1) }

    /// Elements `range` along `axis`.
    public func slice(axis: Int, _ range: Range<Int>) -> Tensor {
        let ax = normalizeAxis(axis, rank)
        require(range.lowerBound >= 0 && range.upperBound <= shape[ax], "slice \(range) out of bounds for size \(shape[ax])")
        let (outer, n, inner) = split(at: ax)
        let m = range.count
        var out = [Float]()
        out.reserveCapacity(outer * m * inner)
        for i in 0..<outer {
            out += data[((i * n + range.lowerBound) * inner)..<((i * n + range.upperBound) * inner)]
        }
        var outShape = shape
        outShape[ax] = m
        let x = self
        return Tensor.result(shape: outShape, data: out, inputs: [self]) { g in
            var dx = [Float](repeating: 0, count: x.count)
            for i in 0..<outer {
                for t in 0..<(m * inner) { dx[(i * n + range.lowerBound) * inner + t] = g[i * m * inner + t] }
            }
            x.accumulateGrad(dx)
        }
    }

    /// Entry `index` along `axis`, that axis removed (`x.select(axis: 1, 0)` is `x[:, 0]`).
    public func select(axis: Int, _ index: Int) -> Tensor {
        let ax = normalizeAxis(axis, rank)
        let i = index < 0 ? index + shape[ax] : index
        require(i >= 0 && i < shape[ax], "index \(index) out of range for size \(shape[ax])")
        return slice(axis: ax, i..<(i + 1)).squeeze(ax)
    }

    /// `x[i]`: the entry `i` of the first axis, that axis removed (negative counts from the end).
    public subscript(_ index: Int) -> Tensor { select(axis: 0, index) }
    /// `x[i, j, …]`: successive entries along the leading axes.
    public subscript(_ i: Int, _ j: Int, _ rest: Int...) -> Tensor {
        var t = self[i][j]
        for k in rest { t = t[k] }
        return t
    }
    /// `x[a..<b]`: a range of the first axis.
    public subscript(_ range: Range<Int>) -> Tensor { slice(axis: 0, range) }
    /// `x[indices]`: rows picked along the first axis (with repeats), like `x[idx]` in PyTorch.
    public subscript(_ indices: IntTensor) -> Tensor { indexSelect(indices.scalars) }

    /// Rows `indices` of the first axis, in order.
    public func indexSelect(_ indices: [Int]) -> Tensor {
        let n = shape[0], inner = count / Swift.max(n, 1)
        var out = [Float]()
        out.reserveCapacity(indices.count * inner)
        for i in indices {
            require(i >= 0 && i < n, "index \(i) out of range for size \(n)")
            out += data[(i * inner)..<((i + 1) * inner)]
        }
        let x = self
        return Tensor.result(shape: [indices.count] + shape.dropFirst(), data: out, inputs: [self]) { g in
            var dx = [Float](repeating: 0, count: x.count)
            for (r, i) in indices.enumerated() { for t in 0..<inner { dx[i * inner + t] += g[r * inner + t] } }
            x.accumulateGrad(dx)
        }
    }

    /// For a [N, C] tensor, the entries `x[n, index[n]]` (shape [N]), as used by NLL loss.
    public func gather(_ index: IntTensor) -> Tensor {
        require(rank == 2 && index.count == shape[0], "gather needs [N, C] and N indices")
        let c = shape[1]
        let out = index.scalars.enumerated().map { n, k -> Float in
            require(k >= 0 && k < c, "class index \(k) out of range for \(c) classes")
            return data[n * c + k]
        }
        let x = self
        return Tensor.result(shape: [index.count], data: out, inputs: [self]) { g in
            var dx = [Float](repeating: 0, count: x.count)
            for (n, k) in index.scalars.enumerated() { dx[n * c + k] += g[n] }
            x.accumulateGrad(dx)
        }
    }

    /// Repeats along broadcast axes to `newShape` (like `expand`).
    public func expand(_ newShape: [Int]) -> Tensor {
        let (s, d) = broadcastApply(data, shape, [Float](repeating: 0, count: newShape.product), newShape) { a, _ in a }
        let x = self
        return Tensor.result(shape: s, data: d, inputs: [self]) { g in x.accumulateGrad(sumTo(g, from: s, to: x.shape)) }
    }

    /// Joins tensors along an existing axis.
    public static func cat(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
        require(!tensors.isEmpty, "cat needs at least one tensor")
        let first = tensors[0]
        let ax = normalizeAxis(axis, first.rank)
        for t in tensors {
            require(t.rank == first.rank && (0..<t.rank).allSatisfy { $0 == ax || t.shape[$0] == first.shape[$0] },
                         "cat: shapes \(first.shape) and \(t.shape) differ outside axis \(ax)")
        }
        let outer = first.shape[..<ax].reduce(1, *), inner = first.shape[(ax + 1)...].reduce(1, *)
        let sizes = tensors.map { $0.shape[ax] }
        let total = sizes.reduce(0, +)
        var out = [Float]()
        out.reserveCapacity(outer * total * inner)
        for i in 0..<outer {
            for (t, m) in zip(tensors, sizes) { out += t.data[(i * m * inner)..<((i + 1) * m * inner)] }
        }
        var outShape = first.shape
        outShape[ax] = total
        return Tensor.result(shape: outShape, data: out, inputs: tensors) { g in
            var start = 0
            for (t, m) in zip(tensors, sizes) {
                if t.requiresGrad {
                    var dt = [Float]()
                    dt.reserveCapacity(t.count)
                    for i in 0..<outer {
                        let base = (i * total + start) * inner
                        dt += g[base..<(base + m * inner)]
                    }
                    t.accumulateGrad(dt)
                }
                start += m
            }
        }
    }

    /// Stacks equally shaped tensors along a new axis.
    public static func stack(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
        cat(tensors.map { $0.unsqueeze(axis) }, axis: axis)
    }
}

func permuteData(_ x: [Float], shape: [Int], dims: [Int]) -> [Float] {
    let r = shape.count
    if r <= 1 || dims == Array(0..<r) { return x }
    var inStrides = [Int](repeating: 1, count: r)
    for i in stride(from: r - 2, through: 0, by: -1) { inStrides[i] = inStrides[i + 1] * shape[i + 1] }
    let outShape = dims.map { shape[$0] }
    let strides = dims.map { inStrides[$0] }  // input stride for each output axis
    let n = x.count
    let innerN = outShape[r - 1], innerS = strides[r - 1]
    return [Float](unsafeUninitializedCapacity: n) { buf, k in
        x.withUnsafeBufferPointer { px in
            var index = [Int](repeating: 0, count: r - 1)
            var off = 0, o = 0
            while o < n {
                for j in 0..<innerN { buf[o + j] = px[off + j * innerS] }
                o += innerN
                var axis = r - 2
                while axis >= 0 {
                    index[axis] += 1
                    off += strides[axis]
                    if index[axis] < outShape[axis] { break }
                    off -= strides[axis] * outShape[axis]
                    index[axis] = 0
                    axis -= 1
                }
            }
        }
        k = n
    }
}
