// Batches of transformed images as tensors, prepared on a background thread while the
// model trains on the previous ones.
import Foundation
import LearnCore

/// Draws batches from an `ImageDataset`, as PyTorch's `DataLoader`:
///
///     let train = DataLoader(cifar.train, batchSize: 128, shuffle: true,
///                            transform: [.randomCrop(32, padding: 4), .horizontalFlip,
///                                        .normalize(mean: cifar10Mean, std: cifar10Std)])
///     for (images, labels) in train { … }   // images [128, 3, 32, 32], labels [128]
///
/// Each `for` loop over the loader is one epoch. With `shuffle`, every epoch has its own
/// order; the order and every random crop or flip follow from `seed` and the epoch number
/// alone (each sample gets its own random stream), so runs repeat exactly, whatever the
/// prefetching threads do. `seed` defaults to a draw from the global generator, so
/// `manualSeed(_:)` before making the loader makes it repeatable too.
///
/// While one batch is used, a background thread prepares the next `prefetch` ones (a bounded
/// queue); `workers` threads share the work of each batch. `prefetch: 0` makes batches on the
/// calling thread.
///
/// Every image must come out of the transforms with the same size, or batches could not be
/// stacked; that is checked when the loader is made (a precondition naming the sizes).
public final class DataLoader: Sequence {
    public typealias Element = (images: Tensor, labels: IntTensor)

    public let dataset: ImageDataset
    public let batchSize: Int
    public let shuffle: Bool
    public let dropLast: Bool
    public let transform: [Transform]
    public let seed: UInt64
    public let prefetch: Int
    public let workers: Int
    /// The epoch the next `for` loop (or `makeIterator()`) runs; each loop adds one.
    public var epoch = 0
    /// (height, width) of every image in a batch.
    public let imageSize: (height: Int, width: Int)

    public init(_ dataset: ImageDataset, batchSize: Int = 1, shuffle: Bool = false, dropLast: Bool = false,
                transform: [Transform] = [], seed: UInt64? = nil, prefetch: Int = 2, workers: Int? = nil) {
        precondition(batchSize > 0, "DataLoader: batchSize must be at least 1, not \(batchSize)")
        precondition(prefetch >= 0, "DataLoader: prefetch must not be negative")
        self.dataset = dataset
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.dropLast = dropLast
        self.transform = transform
        self.seed = seed ?? defaultGenerator.next()
        self.prefetch = prefetch
        self.workers = Swift.max(1, workers ?? ProcessInfo.processInfo.activeProcessorCount / 2)
        let outputs = dataset.store.distinctSizes(dataset.indices).map {
            transform.outputSize(height: $0.height, width: $0.width)
        }
        if let first = outputs.first, let other = outputs.first(where: { $0 != first }) {
            preconditionFailure("""
                DataLoader: images come out of the transforms with different sizes \
                (\(first.width)×\(first.height) and \(other.width)×\(other.height)), so they cannot be \
                stacked into batches; add .resize(_:) with .centerCrop(_:), or .randomResizedCrop(_:)
                """)
        }
        imageSize = outputs.first ?? (0, 0)
    }

    /// Batches per epoch.
    public var count: Int {
        dropLast ? dataset.count / batchSize : (dataset.count + batchSize - 1) / batchSize
    }

    /// The order in which an epoch visits the data set's images.
    public func order(epoch: Int) -> [Int] {
        guard shuffle else { return Array(0..<dataset.count) }
        var random = AugmentationRandom.forShuffle(seed: seed, epoch: epoch)
        return random.permutation(dataset.count)
    }

    /// Starts the next epoch.
    public func makeIterator() -> Iterator {
        defer { epoch += 1 }
        return batches(epoch: epoch)
    }

    /// The batches of a given epoch (the same every time it is asked for), without moving
    /// `epoch` on.
    public func batches(epoch: Int) -> Iterator {
        Iterator(BatchMaker(loader: self, epoch: epoch), prefetch: prefetch)
    }

    /// Yields the batches of one epoch; stops the background thread when dropped.
    public final class Iterator: IteratorProtocol, Sequence {
        private let maker: BatchMaker
        private let queue: BatchQueue?
        private var nextBatch = 0

        init(_ maker: BatchMaker, prefetch: Int) {
            self.maker = maker
            if prefetch > 0 && maker.batchCount > 0 {
                let queue = BatchQueue(capacity: prefetch)
                self.queue = queue
                let thread = Thread {
                    for b in 0..<maker.batchCount {
                        if !queue.push(maker.batch(b)) { return }
                    }
                    queue.finish()
                }
                thread.name = "DataLoader prefetch"
                thread.start()
            } else {
                queue = nil
            }
        }

        deinit { queue?.cancel() }

        public func next() -> Element? {
            if let queue = queue { return queue.pop() }
            guard nextBatch < maker.batchCount else { return nil }
            defer { nextBatch += 1 }
            return maker.batch(nextBatch)
        }
    }
}

extension DataLoader: CustomStringConvertible {
    public var description: String {
        "DataLoader(\(dataset.count) images, \(count) batches of \(batchSize)\(shuffle ? ", shuffled" : "")"
            + "\(dropLast ? ", drop last" : ""), images \(imageSize.width)×\(imageSize.height), "
            + "transform: [\(transform.map(\.description).joined(separator: ", "))])"
    }
}

/// Makes the batches of one epoch; safe to call from any thread.
final class BatchMaker {
    let dataset: ImageDataset
    let transform: [Transform]
    let order: [Int]
    let batchSize: Int
    let batchCount: Int
    let seed: UInt64
    let epoch: Int
    let workers: Int
    let height: Int, width: Int

    init(loader: DataLoader, epoch: Int) {
        dataset = loader.dataset
        transform = loader.transform
        order = loader.order(epoch: epoch)
        batchSize = loader.batchSize
        batchCount = loader.count
        seed = loader.seed
        self.epoch = epoch
        workers = loader.workers
        (height, width) = loader.imageSize
    }

    func batch(_ b: Int) -> DataLoader.Element {
        let positions = (b * batchSize)..<min(order.count, (b + 1) * batchSize)
        let n = positions.count
        let imageFloats = 3 * height * width
        var scalars = [Float](repeating: 0, count: n * imageFloats)
        var labels = [Int](repeating: 0, count: n)
        scalars.withUnsafeMutableBufferPointer { scalarBuffer in
            labels.withUnsafeMutableBufferPointer { labelBuffer in
                let target = scalarBuffer.baseAddress!, labelTarget = labelBuffer.baseAddress!
                let chunks = min(workers, n)
                func work(_ chunk: Int) {
                    for k in stride(from: chunk, to: n, by: chunks) {
                        let position = positions.lowerBound + k
                        let index = self.order[position]
                        var random = AugmentationRandom.forSample(seed: self.seed, epoch: self.epoch, position: position)
                        let image = self.transform.applied(to: self.dataset.planes(index), random: &random)
                        image.values.withUnsafeBufferPointer { source in
                            (target + k * imageFloats).update(from: source.baseAddress!, count: imageFloats)
                        }
                        labelTarget[k] = self.dataset.labels[index]
                    }
                }
                if chunks > 1 { DispatchQueue.concurrentPerform(iterations: chunks) { work($0) } } else { work(0) }
            }
        }
        return (Tensor(shape: [n, 3, height, width], scalars: scalars), IntTensor(labels))
    }
}

/// A bounded first-in, first-out queue between the prefetch thread and the training loop.
final class BatchQueue {
    private let condition = NSCondition()
    private var items: [DataLoader.Element] = []
    private var finished = false
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Waits for room; false if the consumer has gone (the producer should stop).
    func push(_ item: DataLoader.Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// Waits for a batch; nil once the producer has finished and the queue is empty.
    func pop() -> DataLoader.Element? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !finished { condition.wait() }
        if items.isEmpty { return nil }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }

    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    func cancel() {
        condition.lock()
        cancelled = true
        items.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
