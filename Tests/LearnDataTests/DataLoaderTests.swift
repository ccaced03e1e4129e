import XCTest
import LearnCore
@testable import LearnData

final class DataLoaderTests: XCTestCase {
    /// 10 distinct 32×32 images, labels 0…9.
    func smallDataset() throws -> ImageDataset {
        let folder = try temporaryFolder(self)
        try writeCIFARBatches(in: folder, perFile: 2)
        return try CIFAR10(root: folder).train
    }

    func testBatchesInOrderWithoutShuffle() throws {
        let dataset = try smallDataset()
        let loader = DataLoader(dataset, batchSize: 4)
        XCTAssertEqual(loader.count, 3)
        let batches = Array(loader)
        XCTAssertEqual(batches.count, 3)
        XCTAssertEqual(batches.map { $0.images.shape }, [[4, 3, 32, 32], [4, 3, 32, 32], [2, 3, 32, 32]])
        XCTAssertEqual(batches.map { $0.labels.scalars }, [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]])
        XCTAssertEqual(batches[2].labels.shape, [2])
        var seen = 0
        for (images, labels) in loader {
            XCTAssertEqual(images.shape[0], labels.count)
            seen += labels.count
        }
        XCTAssertEqual(seen, 10)
        // ToTensor is implied: image 5 is the second of batch 1, bytes / 255.
        let second = Array(batches[1].images.scalars[3072..<6144])
        XCTAssertEqual(second, dataset.planes(5).values.map { Float($0) / 255 })
    }

    func testDropLast() throws {
        let loader = DataLoader(try smallDataset(), batchSize: 4, dropLast: true)
        XCTAssertEqual(loader.count, 2)
        XCTAssertEqual(Array(loader).map { $0.labels.count }, [4, 4])
        XCTAssertEqual(DataLoader(try smallDataset(), batchSize: 11, dropLast: true).count, 0)
        XCTAssertEqual(Array(DataLoader(try smallDataset(), batchSize: 11, dropLast: true)).count, 0)
    }

    func testShuffleIsAPermutationRepeatableFromTheSeed() throws {
        let dataset = try smallDataset()
        let a = DataLoader(dataset, batchSize: 3, shuffle: true, seed: 7)
        let b = DataLoader(dataset, batchSize: 3, shuffle: true, seed: 7)
        let epoch0 = Array(a).flatMap { $0.labels.scalars }
        XCTAssertEqual(epoch0.sorted(), Array(0..<10))
        XCTAssertNotEqual(epoch0, Array(0..<10))
        XCTAssertEqual(Array(b).flatMap { $0.labels.scalars }, epoch0)
        // The next epoch has another order, the same for both loaders.
        let epoch1 = Array(a).flatMap { $0.labels.scalars }
        XCTAssertNotEqual(epoch1, epoch0)
        XCTAssertEqual(Array(b).flatMap { $0.labels.scalars }, epoch1)
        XCTAssertEqual(a.epoch, 2)
        // An epoch can be replayed.
        XCTAssertEqual(Array(a.batches(epoch: 0)).flatMap { $0.labels.scalars }, epoch0)
        let other = DataLoader(dataset, batchSize: 3, shuffle: true, seed: 8)
        XCTAssertNotEqual(Array(other).flatMap { $0.labels.scalars }, epoch0)
    }

    func testAugmentationRepeatsWhateverThePrefetchingAndWorkers() throws {
        let dataset = try smallDataset()
        let augment: [Transform] = [.randomCrop(32, padding: 4), .horizontalFlip,
                                    .normalize(mean: cifar10Mean, std: cifar10Std)]
        func run(prefetch: Int, workers: Int) -> [[Float]] {
            Array(DataLoader(dataset, batchSize: 4, shuffle: true, transform: augment, seed: 3,
                             prefetch: prefetch, workers: workers)).map { $0.images.scalars }
        }
        let reference = run(prefetch: 0, workers: 1)
        XCTAssertEqual(run(prefetch: 2, workers: 1), reference)
        XCTAssertEqual(run(prefetch: 1, workers: 3), reference)
        let plain = Array(DataLoader(dataset, batchSize: 4, shuffle: true, seed: 3)).map { $0.images.scalars }
        XCTAssertNotEqual(plain, reference)
    }

    func testLeavingALoopEarlyStopsThePrefetchThread() throws {
        let loader = DataLoader(try smallDataset(), batchSize: 1, prefetch: 2)
        for _ in 0..<20 {
            for (n, _) in loader.enumerated() where n == 1 { break }
        }
        XCTAssertEqual(loader.epoch, 20)
        XCTAssertEqual(Array(loader).count, 10)
    }

    func testResizedImagesOfAnySizeStack() throws {
        let root = try temporaryFolder(self)
        try write(encodePNG(gradientImage(width: 30, height: 20)), to: "\(root)/a/1.png")
        try write(encodeJPEG(gradientImage(width: 12, height: 16)), to: "\(root)/b/2.jpg")
        let loader = DataLoader(try ImageFolder(root: root), batchSize: 2,
                                transform: [.resize(10), .centerCrop(8), .normalize(mean: imagenetMean, std: imagenetStd)])
        let batches = Array(loader)
        XCTAssertEqual(batches.map { $0.images.shape }, [[2, 3, 8, 8]])
        XCTAssertEqual(batches[0].labels.scalars, [0, 1])
    }

    func testSeedDefaultsToTheGlobalGenerator() throws {
        let dataset = try smallDataset()
        manualSeed(5)
        let a = DataLoader(dataset, batchSize: 10, shuffle: true)
        manualSeed(5)
        let b = DataLoader(dataset, batchSize: 10, shuffle: true)
        XCTAssertEqual(a.seed, b.seed)
    }
}
