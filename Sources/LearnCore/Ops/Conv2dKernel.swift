// 2-D convolution as im2col + one sgemm over the whole batch (llm.c style: forward and
// backward side by side, shapes in comments).
//
//   x    [N, C, H, W]          w [O, C, KH, KW]          b [O]
//   cols [K = C·KH·KW, P = N·OH·OW]   (row k = (c, kh, kw), column p = (n, oh, ow))
//   Y    [O, P] = W[O, K] · cols[K, P]   →  y [N, O, OH, OW]
//
// Backward, with G [O, P] the output gradient:
//   dW [O, K] = G · colsᵀ      db [O] = Σₚ G      dcols [K, P] = Wᵀ · G  → col2im → dx
// Weight and bias gradients (and the saved cols they need) exist only when the weight
// requires a gradient, so a frozen layer's backward does only the work dx needs.

struct Conv2dGeometry {
    let n, c, h, w, o, kh, kw, stride, padding, oh, ow: Int
    var k: Int { c * kh * kw }
    var p: Int { n * oh * ow }

    init(input: [Int], weight: [Int], stride: Int, padding: Int) {
        require(input.count == 4 && weight.count == 4 && input[1] == weight[1],
                     "conv2d: input \(input) does not match weight \(weight) (expected [N, C, H, W] and [O, C, KH, KW])")
        (n, c, h, w) = (input[0], input[1], input[2], input[3])
        (o, kh, kw) = (weight[0], weight[2], weight[3])
        self.stride = stride
        self.padding = padding
        oh = (h + 2 * padding - kh) / stride + 1
        ow = (w + 2 * padding - kw) / stride + 1
        require(oh > 0 && ow > 0, "conv2d: kernel \(kh)×\(kw) larger than padded input \(h)×\(w)")
    }

    /// The output columns oj whose input column oj·stride − padding + kj is inside the image.
    @inline(__always) func validColumns(_ kj: Int) -> (Int, Int) {
        // oj·s ≥ pad − kj  and  oj·s ≤ w − 1 + pad − kj
        let lo = min(ow, max(0, (padding - kj + stride - 1) / stride))
        let last = w - 1 + padding - kj
        let hi = last < 0 ? 0 : min(ow, last / stride + 1)
        return (lo, max(lo, hi))
    }

    /// cols[k, p] = x[n, c, oh·s − pad + kh, ow·s − pad + kw] (0 outside the image).
    func im2col(_ x: UnsafePointer<Float>, _ cols: UnsafeMutablePointer<Float>) {
        let (P, OHW) = (p, oh * ow)
        parallelFor(c, costPerItem: kh * kw * P) { channels in
        for ci in channels { for ki in 0..<kh { for kj in 0..<kw {
            let row = cols + ((ci * kh + ki) * kw + kj) * P
            for ni in 0..<n {
                let plane = x + (ni * c + ci) * h * w
                let dst = row + ni * OHW
                for oi in 0..<oh {
                    let ih = oi * stride - padding + ki
                    let out = dst + oi * ow
                    if ih < 0 || ih >= h { out.update(repeating: 0, count: ow); continue }
                    // Columns whose input position iw = oj·s − pad + kj lies inside the row.
                    let (lo, hi) = validColumns(kj)
                    let src = plane + ih * w + (kj - padding)
                    for oj in 0..<lo { out[oj] = 0 }
                    if stride == 1 {
                        (out + lo).update(from: src + lo, count: hi - lo)
                    } else {
                        for oj in lo..<hi { out[oj] = src[oj * stride] }
                    }
                    for oj in hi..<ow { out[oj] = 0 }
                }
            }
        } } }
        }
    }

    /// dx[n, c, ih, iw] += dcols[k, p] — the adjoint of im2col.
    func col2im(_ cols: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>) {
        let (P, OHW) = (p, oh * ow)
        // Each channel's rows of cols scatter only into that channel's planes.
        parallelFor(c, costPerItem: kh * kw * P) { channels in
        for ci in channels { for ki in 0..<kh { for kj in 0..<kw {
            let row = cols + ((ci * kh + ki) * kw + kj) * P
            for ni in 0..<n {
                let plane = dx + (ni * c + ci) * h * w
                let src = row + ni * OHW
                for oi in 0..<oh {
                    let ih = oi * stride - padding + ki
                    if ih < 0 || ih >= h { continue }
                    let (lo, hi) = validColumns(kj)
                    let dst = plane + ih * w + (kj - padding), g = src + oi * ow
                    for oj in lo..<hi { dst[oj * stride] += g[oj] }
                }
            }
        } } }
        }
    }
}

extension Tensor {
    /// 2-D convolution (cross-correlation, as PyTorch): x [N, C, H, W], weight [O, C, KH, KW],
    /// bias [O] → [N, O, OH, OW] with OH = (H + 2·padding − KH) / stride + 1.
    public static func conv2d(_ x: Tensor, weight: Tensor, bias: Tensor? = nil,
                              stride: Int = 1, padding: Int = 0) -> Tensor {
        let geo = Conv2dGeometry(input: x.shape, weight: weight.shape, stride: stride, padding: padding)
        let (O, K, P, OHW, N) = (geo.o, geo.k, geo.p, geo.oh * geo.ow, geo.n)
        var cols = [Float](unsafeUninitializedCapacity: K * P) { buf, k in
            x.data.withUnsafeBufferPointer { geo.im2col($0.baseAddress!, buf.baseAddress!) }
            k = K * P
        }
        // Y [O, P] = W [O, K] · cols [K, P]
        var ym = [Float](unsafeUninitializedCapacity: O * P) { buf, k in
            weight.data.withUnsafeBufferPointer { wp in cols.withUnsafeBufferPointer { cp in
                sgemm(m: O, n: P, k: K, a: wp.baseAddress!, lda: K, b: cp.baseAddress!, ldb: P, c: buf.baseAddress!, ldc: P)
            } }
            k = O * P
        }
        // y [N, O, OHW] from Y [O, N, OHW], adding the bias.
        let y = [Float](unsafeUninitializedCapacity: N * O * OHW) { buf, k in
            ym.withUnsafeBufferPointer { yp in
                for ni in 0..<N { for oi in 0..<O {
                    let b = bias?.data[oi] ?? 0
                    let src = yp.baseAddress! + oi * P + ni * OHW, dst = buf.baseAddress! + (ni * O + oi) * OHW
                    for q in 0..<OHW { dst[q] = src[q] + b }
                } }
            }
            k = N * O * OHW
        }
        ym = []
        let inputs = [x, weight] + (bias.map { [$0] } ?? [])
        guard tracks(inputs) else { return Tensor(shape: [N, O, geo.oh, geo.ow], data: y) }
        let needsWeightGrad = weight.requiresGrad || (bias?.requiresGrad ?? false)
        if !weight.requiresGrad { cols = [] }  // only dW needs the columns
        let savedCols = cols
        return Tensor.result(shape: [N, O, geo.oh, geo.ow], data: y, inputs: inputs) { g in
            // G [O, P] from g [N, O, OHW]
            let gm = [Float](unsafeUninitializedCapacity: O * P) { buf, k in
                g.withUnsafeBufferPointer { gp in
                    for ni in 0..<N { for oi in 0..<O {
                        let src = gp.baseAddress! + (ni * O + oi) * OHW, dst = buf.baseAddress! + oi * P + ni * OHW
                        for q in 0..<OHW { dst[q] = src[q] }
                    } }
                }
                k = O * P
            }
            gm.withUnsafeBufferPointer { gp in
                if needsWeightGrad, let bias, bias.requiresGrad {
                    var db = [Float](repeating: 0, count: O)
                    for oi in 0..<O { var s: Float = 0; for q in 0..<P { s += gp[oi * P + q] }; db[oi] = s }
                    bias.accumulateGrad(db)
                }
                if weight.requiresGrad {
                    // dW [O, K] = G [O, P] · colsᵀ [P, K]
                    let dw = [Float](unsafeUninitializedCapacity: O * K) { buf, k in
                        savedCols.withUnsafeBufferPointer { cp in
                            sgemm(transB: true, m: O, n: K, k: P, a: gp.baseAddress!, lda: P, b: cp.baseAddress!, ldb: P,
                                  c: buf.baseAddress!, ldc: K)
                        }
                        k = O * K
                    }
                    weight.accumulateGrad(dw)
                }
                if x.requiresGrad {
                    // dcols [K, P] = Wᵀ [K, O] · G [O, P], then scatter back to the image.
                    var dcols = [Float](unsafeUninitializedCapacity: K * P) { buf, k in
                        weight.data.withUnsafeBufferPointer { wp in
                            sgemm(transA: true, m: K, n: P, k: O, a: wp.baseAddress!, lda: K, b: gp.baseAddress!, ldb: P,
                                  c: buf.baseAddress!, ldc: P)
                        }
                        k = K * P
                    }
                    var dx = [Float](repeating: 0, count: x.count)
                    dcols.withUnsafeBufferPointer { cp in dx.withUnsafeMutableBufferPointer { geo.col2im(cp.baseAddress!, $0.baseAddress!) } }
                    dcols = []
                    x.accumulateGrad(dx)
                }
            }
        }
    }
}
