import Foundation

/// Worker threads for element-wise and per-channel loops (OpenBLAS has its own).
public var computeThreads = max(1, ProcessInfo.processInfo.activeProcessorCount)

/// Runs `body` over `0..<count` split into contiguous chunks on `computeThreads` threads,
/// when the work (`count · costPerItem` scalar operations) is big enough to pay for it.
@inline(__always)
func parallelFor(_ count: Int, costPerItem: Int = 1, _ body: (Range<Int>) -> Void) {
    let threads = min(computeThreads, count)
    if threads <= 1 || count * costPerItem < 32_768 {
        body(0..<count)
        return
    }
    DispatchQueue.concurrentPerform(iterations: threads) { t in
        let start = count * t / threads, end = count * (t + 1) / threads
        if start < end { body(start..<end) }
    }
}
