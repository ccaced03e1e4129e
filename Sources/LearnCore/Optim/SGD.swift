/// Stochastic gradient descent with PyTorch's update rule:
///   d = g + weightDecay·p;  b = momentum·b + (1 − dampening)·d  (b = d on the first step);
///   d = nesterov ? d + momentum·b : b;  p −= lr·d.
/// Frozen parameters (`requiresGrad == false`) are not touched, weight decay included.
public final class SGD: Optimizer {
    public let parameters: [Tensor]
    public var lr: Float
    public var momentum: Float
    public var dampening: Float
    public var weightDecay: Float
    public var nesterov: Bool
    private var buffers: [ObjectIdentifier: [Float]] = [:]

    public init(_ parameters: [Tensor], lr: Float, momentum: Float = 0, dampening: Float = 0,
                weightDecay: Float = 0, nesterov: Bool = false) {
        require(!nesterov || (momentum > 0 && dampening == 0), "Nesterov momentum needs momentum > 0 and no dampening")
        self.parameters = parameters
        (self.lr, self.momentum, self.dampening, self.weightDecay, self.nesterov) = (lr, momentum, dampening, weightDecay, nesterov)
    }

    public func step() {
        let (lr, momentum, dampening, weightDecay, nesterov) = (self.lr, self.momentum, self.dampening, self.weightDecay, self.nesterov)
        for (p, grad) in trainable() {
            let n = p.count
            let key = ObjectIdentifier(p)
            let first = buffers[key] == nil
            var buffer = buffers.removeValue(forKey: key) ?? (momentum != 0 ? [Float](repeating: 0, count: n) : [])
            p.data.withUnsafeMutableBufferPointer { pp in grad.data.withUnsafeBufferPointer { gp in
            buffer.withUnsafeMutableBufferPointer { bp in
                let (pb, gb, bb) = (pp.baseAddress!, gp.baseAddress!, momentum != 0 ? bp.baseAddress : nil)
                parallelFor(n, costPerItem: 4) { r in
                    for i in r {
                        var d = gb[i] + weightDecay * pb[i]
                        if let bb {
                            bb[i] = first ? d : momentum * bb[i] + (1 - dampening) * d
                            d = nesterov ? d + momentum * bb[i] : bb[i]
                        }
                        pb[i] -= lr * d
                    }
                }
            } } }
            if momentum != 0 { buffers[key] = buffer }
        }
    }
}
