import Foundation

// Training allocates and frees the same large buffers (activations, im2col columns,
// gradients) every step. With glibc's defaults each of them is a fresh mmap, paid for again
// in page faults and zeroing (about a tenth of a ResNet18 step). Raising the mmap and trim
// thresholds lets freed buffers be reused from the heap, as PyTorch's caching does.
// Done once, when the first tensor is made; `LEARNCORE_DEFAULT_MALLOC=1` leaves malloc alone.

@_silgen_name("mallopt") private func c_mallopt(_ parameter: Int32, _ value: Int32) -> Int32

enum MemoryTuning {
    static let applied: Bool = {
        #if os(Linux)
        guard ProcessInfo.processInfo.environment["LEARNCORE_DEFAULT_MALLOC"] == nil else { return false }
        let M_TRIM_THRESHOLD: Int32 = -1, M_MMAP_THRESHOLD: Int32 = -3
        _ = c_mallopt(M_MMAP_THRESHOLD, 32 << 20)   // glibc's largest allowed value
        _ = c_mallopt(M_TRIM_THRESHOLD, 1 << 30)
        return true
        #else
        return false
        #endif
    }()
}
