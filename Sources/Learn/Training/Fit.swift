// The training loop of a PyTorch course, once: `fit` trains for some epochs, validating after
// each, and returns a `TrainingHistory`; `evaluate` measures loss and accuracy.
//
//     let history = try fit(model, train, val: val, optimizer: SGD(model.parameters, lr: 0.01),
//                           schedule: nil, epochs: 5)
//     history          // table + curves + energy
import Foundation

/// A batch of inputs with their class labels, as `DataLoader` and `TensorBatches` yield.
public typealias Batch = (images: Tensor, labels: IntTensor)

/// A loss of a model's output against class labels (`crossEntropy` by default).
public typealias LossFunction = (Tensor, IntTensor) -> Tensor

/// What `fit` does when an interrupt is requested (or `shouldStop` says so).
public enum InterruptBehaviour {
    /// Throw `Interrupted` (the kernel reports a KeyboardInterrupt); the model keeps the
    /// weights of the last finished step, the history is lost. The default: a notebook cell
    /// stops, as it would in Python.
    case throwInterrupted
    /// Return the finished epochs with `wasInterrupted` set (the epoch in progress is not
    /// recorded, though the model keeps its steps); the cell carries on.
    case returnHistory
}

/// Loss and accuracy of a model over a loader.
public struct Evaluation: CustomStringConvertible {
    /// Mean loss per sample.
    public var loss: Double
    /// Fraction of samples classified correctly.
    public var accuracy: Double
    public var count: Int
    public var seconds: Double

    public var description: String {
        String(format: "loss %.4f, accuracy %.4f over %d samples (%.1f s)", loss, accuracy, count, seconds)
    }
}

/// Loss and accuracy of `model` over `loader`, in evaluation mode and without gradients.
/// The model's train/eval modes are restored afterwards. Throws `Interrupted` on an interrupt.
public func evaluate(_ model: Module, _ loader: any Sequence<Batch>, loss: LossFunction = crossEntropy,
                     shouldStop: () -> Bool = { isInterruptRequested }) throws -> Evaluation {
    let start = monotonicSeconds()
    let modes = model.namedModules.map { $0.1.isTraining }
    model.eval()
    defer { restoreModes(model, modes) }
    var totals = RunningTotals()
    try noGrad {
        for (inputs, labels) in loader {
            if shouldStop() { throw Interrupted() }
            let output = model(inputs)
            totals.add(loss: loss(output, labels).item, correct: correctCount(output, labels), count: labels.count)
        }
    }
    return Evaluation(loss: totals.meanLoss, accuracy: totals.accuracy, count: totals.count,
                      seconds: monotonicSeconds() - start)
}

/// Trains `model` for `epochs` passes over `train`, stepping `optimizer` after every batch
/// and `schedule` after every epoch, evaluating on `val` after each epoch.
///
/// - Parameters:
///   - loss: the training and validation loss (`crossEntropy`, or e.g.
///     `{ binaryCrossEntropyWithLogits($0.reshape([-1]), $1.float()) }` for one output).
///     Accuracy is the argmax over classes, or the sign of a single output column.
///   - holdFrozenStatistics: keep modules with buffers (batch norm) whose parameters are
///     all frozen in eval mode, so a frozen backbone's running statistics stay put. Off by
///     default, as PyTorch's `model.train()` does.
///   - grid, wattsPerCore: for the energy and CO2e figures (see `EnergyMeter`).
///   - showProgress: one progress bar per epoch, updated in place with the running loss.
///   - whenInterrupted: see `InterruptBehaviour`; the check happens before every batch.
///   - shouldStop: the interrupt check (tests inject their own).
/// - Returns: one record per finished epoch, with times and energy.
@discardableResult
public func fit(_ model: Module, _ train: any Sequence<Batch>, val: (any Sequence<Batch>)? = nil,
                optimizer: Optimizer, schedule: LRScheduler? = nil, epochs: Int,
                loss: @escaping LossFunction = crossEntropy, name: String = "",
                holdFrozenStatistics: Bool = false,
                grid: GridIntensity = .worldAverage2023, wattsPerCore: Double = EnergyMeter.defaultWattsPerCore,
                showProgress: Bool = true, whenInterrupted: InterruptBehaviour = .throwInterrupted,
                shouldStop: @escaping () -> Bool = { isInterruptRequested }) throws -> TrainingHistory {
    guard epochs >= 0 else { throw TrainingError.invalidArgument("epochs must not be negative, got \(epochs)") }
    let meter = EnergyMeter(grid: grid, wattsPerCore: wattsPerCore)
    var history = TrainingHistory(epochs: [], energy: meter.report(), wasInterrupted: false, name: name)
    let run = EpochRunner(model: model, optimizer: optimizer, loss: loss, meter: meter,
                          holdFrozenStatistics: holdFrozenStatistics, shouldStop: shouldStop)
    do {
        for epoch in stride(from: 1, through: epochs, by: 1) {
            let joulesBefore = meter.report().joules
            let bar = showProgress ? ProgressBar(total: batchCount(train), label: "epoch \(epoch)/\(epochs)") : nil
            var record = try run.trainEpoch(epoch, train, bar: bar)
            if let val {
                let result = try evaluate(model, val, loss: loss, shouldStop: shouldStop)
                (record.valLoss, record.valAccuracy, record.valSeconds) = (result.loss, result.accuracy, result.seconds)
            }
            record.joules = meter.report().joules - joulesBefore
            history.epochs.append(record)
            bar?.label = epochLabel(record, of: epochs)
            bar?.finish()
            schedule?.step()
        }
    } catch is Interrupted where whenInterrupted == .returnHistory {
        history.wasInterrupted = true
    }
    history.energy = meter.report()
    return history
}

/// Misuse of the training helpers.
public enum TrainingError: Error, CustomStringConvertible {
    case invalidArgument(String)
    public var description: String {
        switch self { case let .invalidArgument(message): return message }
    }
}

/// The per-batch work of one training epoch.
struct EpochRunner {
    let model: Module
    let optimizer: Optimizer
    let loss: LossFunction
    let meter: EnergyMeter
    let holdFrozenStatistics: Bool
    let shouldStop: () -> Bool

    func trainEpoch(_ epoch: Int, _ loader: any Sequence<Batch>, bar: ProgressBar?) throws -> EpochRecord {
        let start = monotonicSeconds()
        let learningRate = Double(optimizer.lr)
        setTrainingMode()
        var totals = RunningTotals()
        for (inputs, labels) in loader {
            if shouldStop() { throw Interrupted() }
            optimizer.zeroGrad()
            let output = model(inputs)
            let batchLoss = loss(output, labels)
            batchLoss.backward()
            optimizer.step()
            totals.add(loss: batchLoss.item, correct: correctCount(output, labels), count: labels.count)
            meter.sample()
            if let bar {
                bar.label = String(format: "epoch %d · loss %.4f · acc %.3f", epoch, totals.meanLoss, totals.accuracy)
                bar.advance()
            }
        }
        return EpochRecord(epoch: epoch, trainLoss: totals.meanLoss, trainAccuracy: totals.accuracy,
                           valLoss: nil, valAccuracy: nil, trainSeconds: monotonicSeconds() - start,
                           valSeconds: 0, learningRate: learningRate, joules: 0)
    }

    private func setTrainingMode() {
        model.train()
        guard holdFrozenStatistics else { return }
        for (_, module) in model.namedModules
        where !module.localBuffers.isEmpty && module.localParameters.allSatisfy({ !$0.1.requiresGrad }) {
            module.eval()
        }
    }
}

/// Sums over batches, weighted by batch size.
struct RunningTotals {
    var lossSum = 0.0, correct = 0, count = 0
    mutating func add(loss: Float, correct batchCorrect: Int, count batchCount: Int) {
        lossSum += Double(loss) * Double(batchCount)
        correct += batchCorrect
        count += batchCount
    }
    var meanLoss: Double { count > 0 ? lossSum / Double(count) : .nan }
    var accuracy: Double { count > 0 ? Double(correct) / Double(count) : .nan }
}

/// Correct predictions in a batch: argmax over classes, or the sign of a single column.
func correctCount(_ output: Tensor, _ labels: IntTensor) -> Int {
    let predictions: [Int]
    if output.rank == 1 || (output.rank == 2 && output.shape[1] == 1) {
        predictions = output.scalars.map { $0 > 0 ? 1 : 0 }
    } else {
        predictions = output.argmax(axis: 1).scalars
    }
    return zip(predictions, labels.scalars).filter { $0 == $1 }.count
}

/// Sets each module's mode as saved in `modes` (namedModules order: parents before children).
func restoreModes(_ model: Module, _ modes: [Bool]) {
    for ((_, module), training) in zip(model.namedModules, modes) { module.train(training) }
}

func batchCount(_ loader: any Sequence<Batch>) -> Int? {
    if let loader = loader as? DataLoader { return loader.count }
    if let loader = loader as? TensorBatches { return loader.count }
    if let loader = loader as? any Collection { return loader.count }
    return nil
}

private func epochLabel(_ r: EpochRecord, of epochs: Int) -> String {
    var text = String(format: "epoch %d/%d · loss %.4f · acc %.3f", r.epoch, epochs, r.trainLoss, r.trainAccuracy)
    if let loss = r.valLoss, let accuracy = r.valAccuracy {
        text += String(format: " · val loss %.4f · val acc %.3f", loss, accuracy)
    }
    return text
}

func monotonicSeconds() -> Double { ProcessInfo.processInfo.systemUptime }
