import XCTest
@testable import Learn
@testable import LearnData

/// Two Gaussian blobs in the plane, class 0 around (−2, −2) and class 1 around (2, 2).
private func blobs(_ n: Int, seed: UInt64) -> (Tensor, IntTensor) {
    manualSeed(seed)
    let noise = Tensor.randn([n, 2])
    let labels = (0..<n).map { $0 % 2 }
    let centres = Tensor(shape: [n, 2], scalars: labels.flatMap { $0 == 0 ? [Float(-2), -2] : [2, 2] })
    return (centres + noise, IntTensor(labels))
}

/// Counts optimiser steps (and takes them).
private final class CountingSGD: Optimizer {
    let inner: SGD
    var steps = 0
    init(_ parameters: [Tensor], lr: Float) { inner = SGD(parameters, lr: lr) }
    var lr: Float { get { inner.lr } set { inner.lr = newValue } }
    var parameters: [Tensor] { inner.parameters }
    func step() { steps += 1; inner.step() }
}

final class FitTests: XCTestCase {
    func testFitLearnsSeparableBlobsWithOneRecordPerEpoch() throws {
        let (x, y) = blobs(200, seed: 1)
        let (vx, vy) = blobs(100, seed: 2)
        manualSeed(3)
        let model = Sequential(Linear(2, 8), ReLU(), Linear(8, 2))
        let history = try fit(model, TensorBatches(x, y, batchSize: 20, shuffle: true), val: TensorBatches(vx, vy, batchSize: 50),
                              optimizer: SGD(model.parameters, lr: 0.1, momentum: 0.9), epochs: 4, showProgress: false)
        XCTAssertEqual(history.epochs.map(\.epoch), [1, 2, 3, 4])
        XCTAssertGreaterThan(history.valAccuracy.last!, 0.95)
        XCTAssertGreaterThan(history.trainAccuracy.last!, 0.95)
        XCTAssertLessThan(history.trainLoss.last!, history.trainLoss.first!)
        XCTAssertTrue(history.epochs.allSatisfy { $0.trainSeconds > 0 && $0.valSeconds > 0 })
        XCTAssertFalse(history.wasInterrupted)
    }

    func testEvaluateMatchesAHandCountOfCorrectPredictions() throws {
        let model = Linear(2, 2)
        model.weight.assign([1, 0, 0, 1])   // class = the larger coordinate
        model.bias!.assign([0, 0])
        let x = Tensor([[2, 1], [0, 3], [5, 4], [1, 0]])
        let result = try evaluate(model, TensorBatches(x, IntTensor([0, 1, 1, 0]), batchSize: 3))
        XCTAssertEqual(result.count, 4)
        XCTAssertEqual(result.accuracy, 0.75)   // [5, 4] is predicted 0, labelled 1
        let expectedLoss = crossEntropy(model(x), IntTensor([0, 1, 1, 0])).item
        XCTAssertEqual(result.loss, Double(expectedLoss), accuracy: 1e-5)
    }

    func testSingleOutputAccuracyUsesTheSign() {
        XCTAssertEqual(correctCount(Tensor(shape: [3, 1], scalars: [-1, 2, 0.5]), IntTensor([0, 1, 0])), 2)
    }

    func testScheduleSetsTheLearningRateOfEachEpoch() throws {
        let (x, y) = blobs(20, seed: 4)
        let model = Linear(2, 2)
        let optimizer = SGD(model.parameters, lr: 0.1)
        let history = try fit(model, TensorBatches(x, y, batchSize: 10), optimizer: optimizer,
                              schedule: StepLR(optimizer, step: 2, gamma: 0.1), epochs: 5, showProgress: false)
        let rates = history.epochs.map(\.learningRate)
        for (rate, expected) in zip(rates, [0.1, 0.1, 0.01, 0.01, 0.001]) { XCTAssertEqual(rate, expected, accuracy: 1e-7) }
    }

    func testInterruptThrowsBeforeTheNextBatchAndKeepsTheStepsTaken() {
        let (x, y) = blobs(40, seed: 5)
        let model = Linear(2, 2)
        let optimizer = CountingSGD(model.parameters, lr: 0.1)
        var checks = 0
        XCTAssertThrowsError(try fit(model, TensorBatches(x, y, batchSize: 10), optimizer: optimizer, epochs: 3,
                                     showProgress: false, shouldStop: { checks += 1; return checks > 6 })) { error in
            XCTAssertTrue(error is Interrupted)
        }
        XCTAssertEqual(optimizer.steps, 6)   // 4 batches in epoch 1, 2 in epoch 2, then the stop
    }

    func testInterruptCanReturnTheFinishedEpochs() throws {
        let (x, y) = blobs(40, seed: 6)
        let model = Linear(2, 2)
        var checks = 0
        let history = try fit(model, TensorBatches(x, y, batchSize: 10), optimizer: SGD(model.parameters, lr: 0.1),
                              epochs: 5, showProgress: false, whenInterrupted: .returnHistory,
                              shouldStop: { checks += 1; return checks > 9 })
        XCTAssertTrue(history.wasInterrupted)
        XCTAssertEqual(history.epochs.count, 2)
        XCTAssertTrue(history.summary.contains("interrupt"))
    }

    func testEvaluateRestoresEachModulesMode() throws {
        let model = Sequential(Linear(2, 2), BatchNorm1d(2))
        model.train()
        model[1].eval()
        _ = try evaluate(model, TensorBatches(Tensor([[1, 2], [3, 4]]), IntTensor([0, 1]), batchSize: 2))
        XCTAssertTrue(model.isTraining)
        XCTAssertTrue(model[0].isTraining)
        XCTAssertFalse(model[1].isTraining)
    }

    func testHoldFrozenStatisticsKeepsAFrozenBatchNormStill() throws {
        let (x, y) = blobs(40, seed: 7)
        let norm = BatchNorm1d(2)
        let head = Linear(2, 2)
        let model = Sequential(norm, head)
        norm.freeze()
        _ = try fit(model, TensorBatches(x, y, batchSize: 10), optimizer: SGD(model.parameters, lr: 0.1), epochs: 1,
                    holdFrozenStatistics: true, showProgress: false)
        XCTAssertEqual(norm.running_mean.scalars, [0, 0])
        _ = try fit(model, TensorBatches(x, y, batchSize: 10), optimizer: SGD(model.parameters, lr: 0.1), epochs: 1,
                    showProgress: false)
        XCTAssertNotEqual(norm.running_mean.scalars, [0, 0])   // PyTorch's behaviour without the option
    }

    func testHistoryShowsATableAndCurves() throws {
        let (x, y) = blobs(20, seed: 8)
        let model = Linear(2, 2)
        let history = try fit(model, TensorBatches(x, y, batchSize: 10), val: TensorBatches(x, y, batchSize: 10),
                              optimizer: SGD(model.parameters, lr: 0.1), epochs: 3, name: "blobs", showProgress: false)
        let bundle = history.mimeBundle
        XCTAssertTrue(bundle.data["text/html"]!.contains("<table"))
        XCTAssertTrue(bundle.data["text/html"]!.contains("<svg"))
        XCTAssertFalse(bundle.data["text/html"]!.contains("<?xml"))
        XCTAssertEqual(history.table.rows.map { $0[0] }, ["1", "2", "3"], "one row per epoch")
        let plain = bundle.data["text/plain"]!
        XCTAssertTrue(history.table.plainText.split(separator: "\n").allSatisfy { plain.contains($0) })
        XCTAssertTrue(bundle.data["text/plain"]!.contains("val acc"))
    }

    func testNegativeEpochsIsAClearError() {
        let model = Linear(2, 2)
        XCTAssertThrowsError(try fit(model, TensorBatches(Tensor([[1, 2]]), IntTensor([0]), batchSize: 1),
                                     optimizer: SGD(model.parameters, lr: 0.1), epochs: -1, showProgress: false))
    }
}

final class DataLoaderFitTests: XCTestCase {
    /// 4×4 images: class 0 dark (pixels 0…59), class 1 bright (196…255), each pixel varied.
    private func darkAndBright(_ perClass: Int) -> ImageDataset {
        var bytes: [UInt8] = [], labels: [Int] = []
        for i in 0..<(2 * perClass) {
            let label = i % 2
            labels.append(label)
            bytes += (0..<48).map { UInt8((label == 0 ? 0 : 196) + ($0 * 7 + i * 13) % 60) }
        }
        let store = ImageStore(.uniform(height: 4, width: 4, bytes: bytes)) { "image \($0)" }
        return ImageDataset(store: store, indices: Array(labels.indices), labels: labels, classes: ["dark", "bright"])
    }

    func testFitTrainsFromADataLoader() throws {
        let images = darkAndBright(40)
        let loader = DataLoader(images, batchSize: 16, shuffle: true, transform: [.normalize(mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25])], seed: 1)
        XCTAssertEqual(batchCount(loader), 5)
        manualSeed(11)
        let model = Sequential(Flatten(), Linear(48, 2))
        let history = try fit(model, loader, val: loader, optimizer: SGD(model.parameters, lr: 0.05), epochs: 3, showProgress: false)
        XCTAssertEqual(history.epochs.count, 3)
        XCTAssertEqual(history.valAccuracy.last!, 1.0)
    }
}

final class TensorBatchesTests: XCTestCase {
    func testShuffledPassesCoverEverySampleInNewOrders() {
        let x = Tensor(shape: [10, 1], scalars: (0..<10).map(Float.init))
        let batches = TensorBatches(x, IntTensor(Array(0..<10)), batchSize: 4, shuffle: true, seed: 9)
        XCTAssertEqual(batches.count, 3)
        let first = batches.flatMap { $0.labels.scalars }
        let second = batches.flatMap { $0.labels.scalars }
        XCTAssertEqual(first.sorted(), Array(0..<10))
        XCTAssertEqual(second.sorted(), Array(0..<10))
        XCTAssertNotEqual(first, second)
        // Inputs stay paired with their labels.
        for (inputs, labels) in batches { XCTAssertEqual(inputs.scalars.map { Int($0) }, labels.scalars) }
    }
}

final class EnergyTests: XCTestCase {
    func testFitRecordsPositiveEnergyAndNamesTheMethod() throws {
        let (x, y) = blobs(400, seed: 10)
        let model = Sequential(Linear(2, 64), ReLU(), Linear(64, 2))
        let grid = GridIntensity(gramsPerKWh: 300, source: "test grid")
        let history = try fit(model, TensorBatches(x, y, batchSize: 8), optimizer: SGD(model.parameters, lr: 0.01),
                              epochs: 2, grid: grid, showProgress: false)
        XCTAssertGreaterThan(history.energy.joules, 0)
        XCTAssertEqual(history.energy.kWh, history.energy.joules / 3.6e6, accuracy: 1e-15)
        XCTAssertEqual(history.energy.co2eGrams, history.energy.kWh * 300, accuracy: 1e-12)
        XCTAssertFalse(history.energy.method.description.isEmpty)
        XCTAssertTrue(history.summary.contains("test grid"))
    }

    func testCPUTimeEstimateIsCPUSecondsTimesWattsPerCore() {
        let meter = EnergyMeter(wattsPerCore: 10, powercapRoot: "/nonexistent")
        XCTAssertEqual(meter.method, .cpuTime(wattsPerCore: 10))
        let before = processCPUSeconds()
        var sink = 0.0
        for i in 0..<3_000_000 { sink += sin(Double(i)) }
        XCTAssertNotEqual(sink, 0.5)
        let cpu = processCPUSeconds() - before
        let report = meter.report()
        XCTAssertGreaterThan(report.joules, 0)
        XCTAssertEqual(report.joules, cpu * 10, accuracy: cpu * 10 * 0.5 + 0.05)
    }

    func testRAPLCountersArePackagesOnlyAndWrapAround() throws {
        let root = NSTemporaryDirectory() + "rapl-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        func zone(_ folder: String, _ name: String, _ energy: UInt64) throws {
            let path = root + "/" + folder
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            try name.write(toFile: path + "/name", atomically: true, encoding: .utf8)
            try "1000000000\n".write(toFile: path + "/max_energy_range_uj", atomically: true, encoding: .utf8)
            try "\(energy)\n".write(toFile: path + "/energy_uj", atomically: true, encoding: .utf8)
        }
        try zone("intel-rapl:0", "package-0", 999_000_000)
        try zone("intel-rapl:0:0", "core", 5)   // inside package-0 already
        try zone("intel-rapl:1", "psys", 7)     // the platform, which counts the packages again
        let meter = EnergyMeter(powercapRoot: root)
        XCTAssertEqual(meter.method, .rapl(zones: ["package-0"]))
        try "500000\n".write(toFile: root + "/intel-rapl:0/energy_uj", atomically: true, encoding: .utf8)
        meter.sample()
        try "2500000\n".write(toFile: root + "/intel-rapl:0/energy_uj", atomically: true, encoding: .utf8)
        XCTAssertEqual(meter.report().joules, 3.5, accuracy: 1e-9)   // 1.0 J to the wrap + 0.5 J + 2.0 J
    }
}
