// Matrix products through OpenBLAS sgemm.

extension Tensor {
    /// Matrix product with PyTorch's rules for 1-D operands, a batch of matrices times a
    /// matrix, and batched [B, n, k]·[B, k, m].
    public func matmul(_ other: Tensor) -> Tensor {
        switch (rank, other.rank) {
        case (1, 1): return (self * other).sum()
        case (1, _): return unsqueeze(0).matmul(other).squeeze(-2)
        case (_, 1): return matmul(other.unsqueeze(1)).squeeze(-1)
        case (2, 2): return matmul2D(other)
        case (_, 2):
            let lead = Array(shape.dropLast())
            return reshape([-1, shape[rank - 1]]).matmul2D(other).reshape(lead + [other.shape[1]])
        case (3, 3): return batchedMatmul(other)
        default: tensorFailure("matmul of shapes \(shape) and \(other.shape) is not supported")
        }
    }

    public static func • (a: Tensor, b: Tensor) -> Tensor { a.matmul(b) }

    /// C = A·B.  A: [n, k], B: [k, m], C: [n, m].  dA = G·Bᵀ, dB = Aᵀ·G.
    func matmul2D(_ other: Tensor) -> Tensor {
        let (n, k) = (shape[0], shape[1]), m = other.shape[1]
        require(other.shape[0] == k, "matmul: shapes \(shape) and \(other.shape) do not agree")
        var c = [Float](repeating: 0, count: n * m)
        data.withUnsafeBufferPointer { a in other.data.withUnsafeBufferPointer { b in c.withUnsafeMutableBufferPointer { cc in
            sgemm(m: n, n: m, k: k, a: a.baseAddress!, lda: k, b: b.baseAddress!, ldb: m, c: cc.baseAddress!, ldc: m)
        } } }
        let a = self, b = other
        return Tensor.result(shape: [n, m], data: c, inputs: [a, b]) { g in
            if a.requiresGrad {
                var da = [Float](repeating: 0, count: n * k)
                g.withUnsafeBufferPointer { gp in b.data.withUnsafeBufferPointer { bp in da.withUnsafeMutableBufferPointer { d in
                    sgemm(transB: true, m: n, n: k, k: m, a: gp.baseAddress!, lda: m, b: bp.baseAddress!, ldb: m, c: d.baseAddress!, ldc: k)
                } } }
                a.accumulateGrad(da)
            }
            if b.requiresGrad {
                var db = [Float](repeating: 0, count: k * m)
                a.data.withUnsafeBufferPointer { ap in g.withUnsafeBufferPointer { gp in db.withUnsafeMutableBufferPointer { d in
                    sgemm(transA: true, m: k, n: m, k: n, a: ap.baseAddress!, lda: k, b: gp.baseAddress!, ldb: m, c: d.baseAddress!, ldc: m)
                } } }
                b.accumulateGrad(db)
            }
        }
    }

    /// [B, n, k]·[B, k, m] → [B, n, m], one sgemm per batch entry.
    func batchedMatmul(_ other: Tensor) -> Tensor {
        let batch = shape[0]
        require(other.shape[0] == batch, "batched matmul: batch sizes \(batch) and \(other.shape[0]) differ")
        return Tensor.stack((0..<batch).map { self[$0].matmul2D(other[$0]) })
    }

    /// y = x·Wᵀ + b, the Linear layer's primitive.  x: [N, in], W: [out, in], b: [out], y: [N, out].
    /// dx = G·W; dW = Gᵀ·x and db = Σₙ G are computed only when W and b require gradients.
    public static func linear(_ x: Tensor, weight w: Tensor, bias: Tensor?) -> Tensor {
        require(x.rank == 2 && w.rank == 2 && x.shape[1] == w.shape[1],
                     "linear: input \(x.shape) does not match weight \(w.shape)")
        let (n, inF, outF) = (x.shape[0], x.shape[1], w.shape[0])
        var y = [Float](repeating: 0, count: n * outF)
        if let bias {
            y.withUnsafeMutableBufferPointer { yp in bias.data.withUnsafeBufferPointer { bp in
                for i in 0..<n { for o in 0..<outF { yp[i * outF + o] = bp[o] } }
            } }
        }
        x.data.withUnsafeBufferPointer { xp in w.data.withUnsafeBufferPointer { wp in y.withUnsafeMutableBufferPointer { yp in
            sgemm(transB: true, m: n, n: outF, k: inF, a: xp.baseAddress!, lda: inF, b: wp.baseAddress!, ldb: inF,
                  beta: bias == nil ? 0 : 1, c: yp.baseAddress!, ldc: outF)
        } } }
        let inputs = [x, w] + (bias.map { [$0] } ?? [])
        return Tensor.result(shape: [n, outF], data: y, inputs: inputs) { g in
            g.withUnsafeBufferPointer { gp in
                if x.requiresGrad {
                    var dx = [Float](repeating: 0, count: n * inF)
                    w.data.withUnsafeBufferPointer { wp in dx.withUnsafeMutableBufferPointer { d in
                        sgemm(m: n, n: inF, k: outF, a: gp.baseAddress!, lda: outF, b: wp.baseAddress!, ldb: inF, c: d.baseAddress!, ldc: inF)
                    } }
                    x.accumulateGrad(dx)
                }
                if w.requiresGrad {
                    var dw = [Float](repeating: 0, count: outF * inF)
                    x.data.withUnsafeBufferPointer { xp in dw.withUnsafeMutableBufferPointer { d in
                        sgemm(transA: true, m: outF, n: inF, k: n, a: gp.baseAddress!, lda: outF, b: xp.baseAddress!, ldb: inF, c: d.baseAddress!, ldc: inF)
                    } }
                    w.accumulateGrad(dw)
                }
                if let bias, bias.requiresGrad {
                    var db = [Float](repeating: 0, count: outF)
                    for i in 0..<n { for o in 0..<outF { db[o] += gp[i * outF + o] } }
                    bias.accumulateGrad(db)
                }
            }
        }
    }
}

infix operator • : MultiplicationPrecedence
