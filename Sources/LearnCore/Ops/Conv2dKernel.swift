// 2-D convolution as im2col + sgemm (llm.c style: forward and backward side by side, shapes
// in comments). The batch is cut into chunks of images small enough that a chunk's columns
// stay in cache; the chunks are shared out between `computeThreads` threads, each running
// its own single-threaded sgemm, so im2col and the products both use every core.
//
//   x    [N, C, H, W]          w [O, C, KH, KW]          b [O]
//   for a chunk of images n₀ ..< n₀+m, with Q = m·OH·OW columns:
//   cols [K = C·KH·KW, Q]   (row k = (c, kh, kw), column q = (n, oh, ow))
//   Y    [O, Q] = W[O, K] · cols[K, Q]   →  y[n₀ ..< n₀+m]  [m, O, OH, OW]
//
// Backward, with G [O, Q] a chunk of the output gradient:
//   dW [O, K] += G · colsᵀ      db [O] += Σ_q G      dcols [K, Q] = Wᵀ · G  → col2im → dx
// The forward pass keeps the columns only when the weight will need its gradient.
// Weight and bias gradients exist only when they require one, so a frozen layer's backward
// does only the work dx needs.

struct Conv2dGeometry {
    let n, c, h, w, o, kh, kw, stride, padding, oh, ow: Int
    var k: Int { c * kh * kw }
    var ohw: Int { oh * ow }

    init(input: [Int], weight: [Int], stride: Int, padding: Int) {
        require(input.count == 4 && weight.count == 4 && input[1] == weight[1],
                "conv2d: input \(input) does not match weight \(weight) (expected [N, C, H, W] and [O, C, KH, KW])")
        require(stride > 0 && padding >= 0, "conv2d: stride must be positive and padding not negative")
        (n, c, h, w) = (input[0], input[1], input[2], input[3])
        (o, kh, kw) = (weight[0], weight[2], weight[3])
        self.stride = stride
        self.padding = padding
        oh = (h + 2 * padding - kh) / stride + 1
        ow = (w + 2 * padding - kw) / stride + 1
        require(oh > 0 && ow > 0, "conv2d: kernel \(kh)×\(kw) larger than padded input \(h)×\(w)")
        let threads = max(computeThreads, 1)
        imagesPerChunk = max(1, min(max(1, 2048 / (oh * ow)), (n + threads - 1) / threads))
    }

    /// Images per chunk, fixed when the forward pass runs (the backward pass must cut the
    /// batch the same way): about 2048 columns, but at least one chunk per thread when the
    /// batch allows.
    let imagesPerChunk: Int
    var chunkCount: Int { (n + imagesPerChunk - 1) / imagesPerChunk }

    /// The output columns oj whose input column oj·stride − padding + kj is inside the image.
    @inline(__always) func validColumns(_ kj: Int) -> (Int, Int) {
        // oj·s ≥ pad − kj  and  oj·s ≤ w − 1 + pad − kj
        let lo = min(ow, max(0, (padding - kj + stride - 1) / stride))
        let last = w - 1 + padding - kj
        let hi = last < 0 ? 0 : min(ow, last / stride + 1)
        return (lo, max(lo, hi))
    }

    /// cols[k, q] = x[n, c, oh·s − pad + kh, ow·s − pad + kw] (0 outside the image), for
    /// the images in `images`; Q = images.count · OH·OW.
    func im2col(_ x: UnsafePointer<Float>, _ cols: UnsafeMutablePointer<Float>, images: Range<Int>) {
        let Q = images.count * ohw
        for ci in 0..<c { for ki in 0..<kh { for kj in 0..<kw {
            let row = cols + ((ci * kh + ki) * kw + kj) * Q
            let (lo, hi) = validColumns(kj)
            for (i, ni) in images.enumerated() {
                let plane = x + (ni * c + ci) * h * w
                let dst = row + i * ohw
                for oi in 0..<oh {
                    let ih = oi * stride - padding + ki
                    let out = dst + oi * ow
                    if ih < 0 || ih >= h { out.update(repeating: 0, count: ow); continue }
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

    /// dx[n, c, ih, iw] += dcols[k, q] — the adjoint of im2col, for the images in `images`.
    func col2im(_ cols: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, images: Range<Int>) {
        let Q = images.count * ohw
        for ci in 0..<c { for ki in 0..<kh { for kj in 0..<kw {
            let row = cols + ((ci * kh + ki) * kw + kj) * Q
            let (lo, hi) = validColumns(kj)
            for (i, ni) in images.enumerated() {
                let plane = dx + (ni * c + ci) * h * w
                let src = row + i * ohw
                for oi in 0..<oh {
                    let ih = oi * stride - padding + ki
                    if ih < 0 || ih >= h { continue }
                    let dst = plane + ih * w + (kj - padding), g = src + oi * ow
                    for oj in lo..<hi { dst[oj * stride] += g[oj] }
                }
            }
        } } }
    }

    /// Runs `body(images)` for every chunk of the batch, the chunks shared between threads.
    /// While several threads run, OpenBLAS is held to one thread each.
    func forEachChunk(_ body: (_ thread: Int, _ chunk: Int, _ images: Range<Int>) -> Void) {
        let per = imagesPerChunk
        let chunks = (n + per - 1) / per
        let threads = min(computeThreads, chunks)
        if threads <= 1 {
            for ch in 0..<chunks { body(0, ch, (ch * per)..<min(n, (ch + 1) * per)) }
            return
        }
        let blas = blasThreads
        blasThreads = 1
        defer { blasThreads = blas }
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            for ch in (chunks * t / threads)..<(chunks * (t + 1) / threads) {
                body(t, ch, (ch * per)..<min(n, (ch + 1) * per))
            }
        }
    }
}

import Dispatch

extension Tensor {
    /// 2-D convolution (cross-correlation, as PyTorch): x [N, C, H, W], weight [O, C, KH, KW],
    /// bias [O] → [N, O, OH, OW] with OH = (H + 2·padding − KH) / stride + 1.
    public static func conv2d(_ x: Tensor, weight: Tensor, bias: Tensor? = nil,
                              stride: Int = 1, padding: Int = 0) -> Tensor {
        let geo = Conv2dGeometry(input: x.shape, weight: weight.shape, stride: stride, padding: padding)
        let (O, K, OHW, N) = (geo.o, geo.k, geo.ohw, geo.n)
        require(bias.map { $0.count == O } ?? true, "conv2d: bias of \(bias?.count ?? 0) for \(O) output channels")
        let maxQ = geo.imagesPerChunk * OHW
        let inputs = [x, weight] + (bias.map { [$0] } ?? [])
        // The weight gradient needs every chunk's columns: keep them when it will be asked for.
        let keepColumns = tracks(inputs) && weight.requiresGrad
        var savedColumns = [Float](unsafeUninitializedCapacity: keepColumns ? geo.chunkCount * K * maxQ : 0) { _, k in
            k = keepColumns ? geo.chunkCount * K * maxQ : 0
        }
        let y = [Float](unsafeUninitializedCapacity: N * O * OHW) { buf, initialized in
            let yb = buf.baseAddress!
            x.data.withUnsafeBufferPointer { xp in weight.data.withUnsafeBufferPointer { wp in
            savedColumns.withUnsafeMutableBufferPointer { sp in
                let (xb, wb, saved) = (xp.baseAddress!, wp.baseAddress!, sp.baseAddress)
                let biasValues = bias?.data
                geo.forEachChunk { _, chunk, images in
                    let Q = images.count * OHW
                    var cols = [Float](unsafeUninitializedCapacity: keepColumns ? 0 : K * maxQ) { _, k in k = keepColumns ? 0 : K * maxQ }
                    var ym = [Float](unsafeUninitializedCapacity: O * maxQ) { _, k in k = O * maxQ }
                    cols.withUnsafeMutableBufferPointer { cp in ym.withUnsafeMutableBufferPointer { mp in
                        let cb = keepColumns ? saved! + chunk * K * maxQ : cp.baseAddress!
                        geo.im2col(xb, cb, images: images)
                        // Y [O, Q] = W [O, K] · cols [K, Q]
                        sgemm(m: O, n: Q, k: K, a: wb, lda: K, b: cb, ldb: Q, c: mp.baseAddress!, ldc: Q)
                        // y [m, O, OHW] from Y [O, m, OHW], adding the bias.
                        for (i, ni) in images.enumerated() { for oi in 0..<O {
                            let b = biasValues?[oi] ?? 0
                            let src = mp.baseAddress! + oi * Q + i * OHW, dst = yb + (ni * O + oi) * OHW
                            for q in 0..<OHW { dst[q] = src[q] + b }
                        } }
                    } }
                }
            } } }
            initialized = N * O * OHW
        }
        let columns = savedColumns
        savedColumns = []
        return Tensor.result(shape: [N, O, geo.oh, geo.ow], data: y, inputs: inputs) { g in
            let wantW = weight.requiresGrad, wantB = bias?.requiresGrad ?? false, wantX = x.requiresGrad
            let threads = Swift.max(1, computeThreads)
            // Per-thread accumulators for dW and db, summed at the end.
            let dwParts = UnsafeMutablePointer<Float>.allocate(capacity: wantW ? threads * O * K : 0)
            let dbParts = UnsafeMutablePointer<Float>.allocate(capacity: wantB ? threads * O : 0)
            dwParts.initialize(repeating: 0, count: wantW ? threads * O * K : 0)
            dbParts.initialize(repeating: 0, count: wantB ? threads * O : 0)
            defer { dwParts.deallocate(); dbParts.deallocate() }
            var dx = wantX ? [Float](repeating: 0, count: x.count) : []
            g.withUnsafeBufferPointer { gp in x.data.withUnsafeBufferPointer { xp in weight.data.withUnsafeBufferPointer { wp in
            dx.withUnsafeMutableBufferPointer { dxp in
                let (gb, xb, wb, dxb) = (gp.baseAddress!, xp.baseAddress!, wp.baseAddress!, dxp.baseAddress)
                columns.withUnsafeBufferPointer { savedPointer in
                geo.forEachChunk { t, chunk, images in
                    let Q = images.count * OHW
                    // G [O, Q] from g [m, O, OHW]
                    var gm = [Float](unsafeUninitializedCapacity: O * maxQ) { _, k in k = O * maxQ }
                    var cols = [Float](unsafeUninitializedCapacity: K * maxQ) { _, k in k = K * maxQ }
                    gm.withUnsafeMutableBufferPointer { gmp in cols.withUnsafeMutableBufferPointer { cp in
                        let (gmb, cb) = (gmp.baseAddress!, cp.baseAddress!)
                        for (i, ni) in images.enumerated() { for oi in 0..<O {
                            (gmb + oi * Q + i * OHW).update(from: gb + (ni * O + oi) * OHW, count: OHW)
                        } }
                        if wantB {
                            let db = dbParts + t * O
                            for oi in 0..<O { var s: Float = 0; for q in 0..<Q { s += gmb[oi * Q + q] }; db[oi] += s }
                        }
                        if wantW {
                            // dW [O, K] += G [O, Q] · colsᵀ [Q, K]
                            let saved = keepColumns ? savedPointer.baseAddress! + chunk * K * maxQ : nil
                            if saved == nil { geo.im2col(xb, cb, images: images) }
                            sgemm(transB: true, m: O, n: K, k: Q, a: gmb, lda: Q, b: saved ?? UnsafePointer(cb), ldb: Q, beta: 1,
                                  c: dwParts + t * O * K, ldc: K)
                        }
                        if wantX, let dxb {
                            // dcols [K, Q] = Wᵀ [K, O] · G [O, Q], then scatter back to the images.
                            sgemm(transA: true, m: K, n: Q, k: O, a: wb, lda: K, b: gmb, ldb: Q, c: cb, ldc: Q)
                            geo.col2im(cb, dxb, images: images)
                        }
                    } }
                }
                }
            } } } }
            if wantW {
                var dw = Array(UnsafeBufferPointer(start: dwParts, count: O * K))
                for t in 1..<threads { for i in 0..<(O * K) { dw[i] += dwParts[t * O * K + i] } }
                weight.accumulateGrad(dw)
            }
            if wantB, let bias {
                var db = Array(UnsafeBufferPointer(start: dbParts, count: O))
                for t in 1..<threads { for i in 0..<O { db[i] += dbParts[t * O + i] } }
                bias.accumulateGrad(db)
            }
            if wantX { x.accumulateGrad(dx) }
        }
    }
}
