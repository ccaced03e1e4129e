import Foundation

/// Batches drawn from tensors in memory (PyTorch's `TensorDataset` with a `DataLoader`):
/// `inputs` [N, …] and `labels` [N]. With `shuffle`, each pass (epoch) has its own order,
/// following from `seed` and the pass number, so runs repeat exactly.
///
///     let points = TensorBatches(x, y, batchSize: 32, shuffle: true)
///     for (inputs, labels) in points { … }
public final class TensorBatches: Sequence {
    public let inputs: Tensor
    public let labels: IntTensor
    public let batchSize: Int
    public let shuffle: Bool
    public let seed: UInt64
    /// The pass the next `for` loop runs; each loop adds one.
    public private(set) var epoch = 0

    public init(_ inputs: Tensor, _ labels: IntTensor, batchSize: Int, shuffle: Bool = false, seed: UInt64 = 0) {
        precondition(batchSize > 0, "TensorBatches: batchSize must be at least 1, not \(batchSize)")
        precondition(inputs.rank >= 1 && inputs.shape[0] == labels.count,
                     "TensorBatches: \(labels.count) labels for inputs of shape \(inputs.shape)")
        (self.inputs, self.labels, self.batchSize, self.shuffle, self.seed) = (inputs, labels, batchSize, shuffle, seed)
    }

    /// Batches per pass.
    public var count: Int { (labels.count + batchSize - 1) / batchSize }

    public func makeIterator() -> AnyIterator<Batch> {
        var order = Array(0..<labels.count)
        if shuffle {
            var random = SeededGenerator(seed: seed &+ UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15)
            order.shuffle(using: &random)
        }
        epoch += 1
        var start = 0
        let (inputs, labels, size) = (self.inputs, self.labels, batchSize)
        return AnyIterator {
            guard start < order.count else { return nil }
            let picked = Array(order[start..<Swift.min(start + size, order.count)])
            start += size
            return (inputs.indexSelect(picked), labels[picked])
        }
    }
}
