/// What a training loop needs from an optimiser.
public protocol Optimizer: AnyObject {
    /// The learning rate; schedules change it between epochs.
    var lr: Float { get set }
    /// The parameters it updates (those with `requiresGrad == false` are skipped).
    var parameters: [Tensor] { get }
    /// Updates every trainable parameter that has a gradient.
    func step()
}

extension Optimizer {
    /// Clears the gradients of the optimiser's parameters.
    public func zeroGrad() { for p in parameters { p.grad = nil } }

    /// The parameters a step may change: trainable and with a gradient.
    func trainable() -> [(Tensor, Tensor)] {
        parameters.compactMap { p in p.requiresGrad ? p.grad.map { (p, $0) } : nil }
    }
}
